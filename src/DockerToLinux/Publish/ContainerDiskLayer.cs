using System.IO.Compression;
using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>
/// The one layer of a containerDisk: a tar with the folder <c>disk/</c> (mode 0555) and the disk file in it
/// (mode 0440), both owned by 107:107, the user KubeVirt's qemu runs as; then compressed. It is written as a
/// stream (disk file → tar → compressor → sha256 → destination), so its size in memory does not depend on the
/// disk's, and the same inputs always give the same bytes.
/// </summary>
/// <param name="diskPath">The disk file (qcow2 or raw).</param>
/// <param name="fileName">Its name in the image, <c>disk.qcow2</c> or <c>disk.img</c>.</param>
/// <param name="modifiedSeconds">The members' modification time, seconds since 1970.</param>
/// <param name="compression">How the tar is compressed.</param>
internal sealed class ContainerDiskLayer(string diskPath, string fileName, long modifiedSeconds, LayerCompression compression)
{
    /// <summary>The uid and gid of qemu in KubeVirt's launcher, which must be able to read the disk.</summary>
    public const int QemuId = 107;

    private const int ReadSize = Units.MiB;

    /// <summary>The layer's media type.</summary>
    public string MediaType => compression switch
    {
        LayerCompression.Gzip => MediaTypes.OciLayerTar + "+gzip",
        LayerCompression.Zstd => MediaTypes.OciLayerTar + "+zstd",
        _ => MediaTypes.OciLayerTar,
    };

    /// <summary>Writes the compressed layer to <paramref name="destination"/> (left open) and returns its digests.</summary>
    public async Task<LayerDigests> WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        await using var disk = new FileStream(diskPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        long size = disk.Length;
        using var compressed = new HashingStream(destination);
        Digest diffId;
        var compressor = Compressor(compressed);
        try
        {
            using var tar = new HashingStream(compressor ?? compressed);
            await tar.WriteAsync(UstarHeader.Create("disk/", UstarHeader.Directory, Convert.ToInt32("555", 8), QemuId, 0, modifiedSeconds), cancellationToken)
                .ConfigureAwait(false);
            await tar.WriteAsync(UstarHeader.Create($"disk/{fileName}", UstarHeader.File, Convert.ToInt32("440", 8), QemuId, size, modifiedSeconds), cancellationToken)
                .ConfigureAwait(false);
            var buffer = new byte[ReadSize];
            long copied = 0;
            while (copied < size)
            {
                int read = await disk.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ReadSize, size - copied)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw D2lException.BadInput(diskPath, "the disk file shrank while it was read");
                }
                await tar.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                copied += read;
            }
            // The file's padding, then the two zero records that end an archive.
            await tar.WriteAsync(new byte[UstarHeader.Padding(size) + 2 * TarHeader.Size], cancellationToken).ConfigureAwait(false);
            diffId = tar.Finish();
        }
        finally
        {
            // The compressor writes its last bytes as it closes, asynchronously (an upload takes no synchronous writes).
            if (compressor is not null)
            {
                await compressor.DisposeAsync().ConfigureAwait(false);
            }
        }
        return new LayerDigests(compressed.Finish(), compressed.Count, diffId);
    }

    private Stream? Compressor(Stream output) => compression switch
    {
        // zlib-ng's level 1 and zstd's 3 are single-threaded and deterministic: the same tar gives the same blob.
        LayerCompression.Gzip => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        LayerCompression.Zstd => new ZstdSharp.CompressionStream(output, 3, leaveOpen: true),
        _ => null,
    };
}
