using System.Formats.Tar;
using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// The tar containerd's images/archive Export writes, which BuildKit's OCI exporter and Docker's
/// containerd image store (`docker save`) hand their images to. Source: containerd images/archive/exporter.go
/// at 42b60d86: records sorted by name and written once each: the directories blobs/ and blobs/sha256/ (0755),
/// every blob (0444), index.json (0644: schemaVersion and manifests, each descriptor carrying the image's
/// names as io.containerd.image.name, the full name, and org.opencontainers.image.ref.name, its tag),
/// manifest.json (0644, Docker's [{Config, RepoTags, Layers}] with paths into blobs/) unless skipped, and
/// oci-layout (0444). Go's archive/tar writes the headers as USTAR; the records carry no time, written as 0.
/// </summary>
public static class ContainerdArchiveWriter
{
    /// <summary>The blobs of an archive by path (blobs/sha256/&lt;hex&gt;), added as their descriptors are made.</summary>
    public sealed class BlobSet : SortedDictionary<string, byte[]>
    {
        /// <summary>Adds <paramref name="data"/> and returns its descriptor.</summary>
        public JsonObject Add(byte[] data, string mediaType)
        {
            this[$"blobs/sha256/{CorpusImage.Hex(data)}"] = data;
            return Descriptor(data, mediaType);
        }
    }

    /// <summary>The descriptor of <paramref name="data"/> (mediaType, digest, size), whether or not it is stored.</summary>
    public static JsonObject Descriptor(byte[] data, string mediaType) =>
        new() { ["mediaType"] = mediaType, ["digest"] = OciLayoutWriter.Sha(data), ["size"] = data.Length };

    /// <summary>Writes the archive of <paramref name="blobs"/> (path to bytes) whose index names <paramref name="root"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, byte[]> blobs, JsonObject root, JsonArray? dockerManifest = null)
    {
        var records = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal) { ["blobs/"] = null, ["blobs/sha256/"] = null };
        foreach (var (name, data) in blobs)
        {
            records[name] = data;
        }
        records["index.json"] = OciLayoutWriter.Json(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(root.DeepClone()) });
        if (dockerManifest is not null)
        {
            records["manifest.json"] = OciLayoutWriter.Json(dockerManifest);
        }
        records["oci-layout"] = "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray();

        using var file = File.Create(path);
        using var writer = new TarWriter(file, TarEntryFormat.Ustar);
        foreach (var (name, data) in records)
        {
            int mode = data is null ? 0b111_101_101 : name.EndsWith(".json", StringComparison.Ordinal) ? 0b110_100_100 : 0b100_100_100;
            var entry = new UstarTarEntry(data is null ? TarEntryType.Directory : TarEntryType.RegularFile, name)
            {
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = (UnixFileMode)mode,
            };
            if (data is not null)
            {
                entry.DataStream = new MemoryStream(data);
            }
            writer.WriteEntry(entry);
        }
    }

    /// <summary>The annotations a name gives a descriptor in index.json: the full name and the tag.</summary>
    public static JsonObject NameAnnotations(string familiarName) => new()
    {
        ["io.containerd.image.name"] = $"docker.io/{familiarName}",
        ["org.opencontainers.image.ref.name"] = familiarName[(familiarName.LastIndexOf(':') + 1)..],
    };
}
