using System.IO.Compression;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DockerToLinux.Benchmark;

/// <summary>
/// Writes an oci-archive with one gzip layer holding about <c>bytes</c> of files, sized and compressible
/// like a distribution's (1 KiB to 256 KiB, text-like content), for measuring how cost grows with size.
/// </summary>
internal static class SyntheticImage
{
    public static string Create(string folder, long bytes)
    {
        string layout = Path.Combine(folder, $"synthetic-{bytes >> 20}M");
        string blobs = Path.Combine(layout, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        string layerFile = Path.Combine(layout, "layer.tar.gz");
        string diffId;
        using (var file = File.Create(layerFile))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var hashing = new HashingStream(gzip))
        {
            using (var tar = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
            {
                WriteFiles(tar, bytes);
            }
            diffId = "sha256:" + Convert.ToHexStringLower(hashing.Hash());
        }
        string layerDigest = Move(layerFile, blobs);
        long layerSize = new FileInfo(Path.Combine(blobs, layerDigest)).Length;
        string config = JsonSerializer.Serialize(new
        {
            architecture = "amd64",
            os = "linux",
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        });
        var (configDigest, configSize) = WriteBlob(blobs, config);
        string manifest = JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = "sha256:" + configDigest, size = configSize },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = "sha256:" + layerDigest, size = layerSize } },
        });
        var (manifestDigest, manifestSize) = WriteBlob(blobs, manifest);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(layout, "index.json"), JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            manifests = new[] { new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = "sha256:" + manifestDigest, size = manifestSize } },
        }));
        string archive = layout + ".tar";
        Shell.Run($"tar -C {Shell.Quote(layout)} -cf {Shell.Quote(archive)} . && rm -rf {Shell.Quote(layout)}");
        return archive;
    }

    private static void WriteFiles(TarWriter tar, long bytes)
    {
        // A few MiB of random words, sliced at random offsets: text-like data that gzip shrinks about 3:1.
        var random = new Random(42);
        var text = new StringBuilder();
        while (text.Length < (4 << 20))
        {
            int length = random.Next(2, 10);
            for (int i = 0; i < length; i++)
            {
                text.Append((char)('a' + random.Next(26)));
            }
            text.Append(' ');
        }
        byte[] source = Encoding.ASCII.GetBytes(text.ToString());
        long written = 0;
        for (int n = 0; written < bytes; n++)
        {
            if (n % 200 == 0)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"data/d{n / 200:D5}/"));
            }
            int size = (int)Math.Min(bytes - written, 1024 + random.Next(255 << 10));
            int offset = random.Next(source.Length - size);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"data/d{n / 200:D5}/f{n:D7}")
            {
                DataStream = new MemoryStream(source, offset, size, writable: false),
            });
            written += size;
        }
    }

    private static string Move(string file, string blobs)
    {
        string digest;
        using (var stream = File.OpenRead(file))
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        File.Move(file, Path.Combine(blobs, digest), overwrite: true);
        return digest;
    }

    private static (string Digest, long Size) WriteBlob(string blobs, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        string digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(blobs, digest), bytes);
        return (digest, bytes.Length);
    }

    // Hashes the uncompressed tar on its way into gzip: the layer's diff_id.
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }
    }
}
