using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;

namespace DockerToLinux.Tests.Corpus;

/// <summary>An eStargz layer: the blob, its uncompressed tar (whose digest is the diff_id) and the TOC's digest.</summary>
public sealed record EStargzLayer(TestBlobLayer Layer, string TocDigest);

/// <summary>
/// Converts a layer tar to eStargz as BuildKit's `compression=estargz` does through containerd/stargz-snapshotter's
/// estargz package. Source: estargz/estargz.go (Writer.AppendTar, Writer.Close, footerBytes) at 19c66ef7 and
/// estargz/build.go (sortEntries) and estargz/types.go at 2d3534c0. The uncompressed stream is a tar that begins
/// with `.no.prefetch.landmark` (one byte, 0x0F; no files are prioritised), then the layer's entries, then
/// `stargz.index.json` (the TOC, tab-indented JSON) and the end-of-archive blocks. Every regular file's data
/// starts a gzip member of its own; headers join the member open at the time; the TOC and its tar end are one
/// member; a 51-byte footer follows, an empty stored gzip member whose extra field 'SG' holds
/// "%016xSTARGZ" with the TOC member's offset. Read as a plain tar.gz, as podman reads it, the landmark
/// and the TOC are two more files in the root. Header bytes are .NET's rather than Go's
/// archive/tar's (the same fields); files here are under the 4 MiB chunk size, so none is split.
/// </summary>
public static class EStargzWriter
{
    /// <summary>The files eStargz adds to the root of the layer's tree.</summary>
    public static readonly string[] AddedFiles = ["/.no.prefetch.landmark", "/stargz.index.json"];

    /// <summary>The eStargz form of <paramref name="tar"/>.</summary>
    public static EStargzLayer Convert(byte[] tar)
    {
        var blob = new MemoryStream();
        var uncompressed = new MemoryStream();
        var member = new MemoryStream();
        var toc = new JsonArray();

        void Append(ReadOnlySpan<byte> bytes)
        {
            member.Write(bytes);
            uncompressed.Write(bytes);
        }
        void CloseMember()
        {
            if (member.Length > 0)
            {
                blob.Write(LayerCompressor.Gzip(member.ToArray()));
                member.SetLength(0);
            }
        }

        foreach (var entry in Entries(Landmark().Concat(tar).ToArray()))
        {
            Append(entry.Header);
            var tocEntry = TocEntry(entry.Meta);
            if (entry.Data.Length > 0)
            {
                CloseMember();
                tocEntry["offset"] = blob.Length;
                tocEntry["chunkDigest"] = OciLayoutWriter.Sha(entry.Data);
                Append(entry.PaddedData);
            }
            toc.Add(tocEntry);
        }
        CloseMember();

        long tocOffset = blob.Length;
        byte[] tocJson = Encoding.UTF8.GetBytes(new JsonObject { ["version"] = 1, ["entries"] = toc }.ToJsonString(new() { WriteIndented = true, IndentCharacter = '\t', IndentSize = 1 }));
        byte[] tocTar = SingleFileTar("stargz.index.json", tocJson, endOfArchive: true);
        uncompressed.Write(tocTar);
        blob.Write(LayerCompressor.Gzip(tocTar));
        blob.Write(Footer(tocOffset));
        var layer = new TestBlobLayer(uncompressed.ToArray(), blob.ToArray(), "application/vnd.oci.image.layer.v1.tar+gzip");
        return new EStargzLayer(layer, OciLayoutWriter.Sha(tocJson));
    }

    // The landmark as Go's archive/tar writes Header{Name, Typeflag: TypeReg, Size: 1}: mode 0, time 0.
    private static byte[] Landmark() => SingleFileTar(".no.prefetch.landmark", [0x0F], endOfArchive: false);

    private static byte[] SingleFileTar(string name, byte[] content, bool endOfArchive)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                Mode = 0, ModificationTime = DateTimeOffset.UnixEpoch, DataStream = new MemoryStream(content),
            });
        }
        byte[] bytes = stream.ToArray();
        return endOfArchive ? bytes : bytes[..^1024];
    }

    // eStargz's footer (types.go FooterSize): a gzip header with FEXTRA and Go's OS byte 255, the extra field,
    // an empty final stored deflate block, and a trailer of CRC-32 0 and size 0.
    private static byte[] Footer(long tocOffset)
    {
        var footer = new List<byte> { 0x1F, 0x8B, 8, 0x04, 0, 0, 0, 0, 0, 255, 26, 0, (byte)'S', (byte)'G', 22, 0 };
        footer.AddRange(Encoding.ASCII.GetBytes($"{tocOffset:x16}STARGZ"));
        footer.AddRange([0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]);
        return [.. footer];
    }

    private sealed record TarPiece(byte[] Header, byte[] Data, byte[] PaddedData, TarEntry Meta);

    // The tar's entries in order, each with its header blocks (a PAX or GNU long-name header goes with the
    // entry it describes, as Go writes both in one WriteHeader) and its data.
    private static IEnumerable<TarPiece> Entries(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        int at = 0;
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            int start = at;
            while (tar[at + 156] is (byte)'x' or (byte)'g' or (byte)'L' or (byte)'K')
            {
                at += 512 + Padded(Size(tar.AsSpan(at)));
            }
            long size = Size(tar.AsSpan(at));
            at += 512;
            byte[] header = tar[start..at];
            byte[] data = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? tar[at..(at + (int)size)] : [];
            byte[] padded = tar[at..(at + Padded(size))];
            at += Padded(size);
            yield return new TarPiece(header, data, padded, entry);
        }
    }

    private static int Padded(long size) => (int)((size + 511) / 512 * 512);

    private static long Size(ReadOnlySpan<byte> header) =>
        System.Convert.ToInt64(Encoding.ASCII.GetString(header.Slice(124, 12)).Trim('\0', ' ') is { Length: > 0 } octal ? octal : "0", 8);

    // A TOC entry (types.go TOCEntry) with the fields a reader needs to find the file.
    private static JsonObject TocEntry(TarEntry entry)
    {
        string type = entry.EntryType switch
        {
            TarEntryType.Directory => "dir",
            TarEntryType.SymbolicLink => "symlink",
            TarEntryType.HardLink => "hardlink",
            TarEntryType.CharacterDevice => "char",
            TarEntryType.BlockDevice => "block",
            TarEntryType.Fifo => "fifo",
            _ => "reg",
        };
        var node = new JsonObject { ["name"] = entry.Name, ["type"] = type };
        if (type == "reg" && entry.Length > 0)
        {
            node["size"] = entry.Length;
        }
        if (entry.ModificationTime.ToUnixTimeSeconds() != 0)
        {
            node["modtime"] = entry.ModificationTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        }
        if (entry.LinkName.Length > 0)
        {
            node["linkName"] = entry.LinkName;
        }
        if ((int)entry.Mode != 0)
        {
            node["mode"] = (int)entry.Mode;
        }
        if (entry.Uid != 0)
        {
            node["uid"] = entry.Uid;
        }
        if (entry.Gid != 0)
        {
            node["gid"] = entry.Gid;
        }
        if (type == "reg")
        {
            var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            node["digest"] = "sha256:" + System.Convert.ToHexStringLower(SHA256.HashData(data.ToArray()));
        }
        return node;
    }
}
