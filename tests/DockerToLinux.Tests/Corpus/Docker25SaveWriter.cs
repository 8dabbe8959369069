using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Writes a `docker save` of Docker 25 (graph-driver store). Source: moby/moby image/tarexport/save.go at
/// 032797ea: uncompressed layers at blobs/sha256/&lt;diff_id hex&gt;, the config at blobs/sha256/&lt;id&gt;, an
/// OCI manifest blob, manifest.json whose Config and Layers point into blobs/, oci-layout, and index.json
/// whose "manifests" holds one descriptor per tag (annotated io.containerd.image.name = the full name and
/// org.opencontainers.image.ref.name = the tag) and so is null for an untagged image (Go marshals a nil
/// slice as null). In 25.0.0 the OCI manifest's "layers" held only foreign layers, so it is empty for an
/// ordinary image (<paramref name="emptyManifestLayers"/>); later releases list the layers.
/// </summary>
public static class Docker25SaveWriter
{
    /// <summary>Writes the save of the corpus image, tagged <paramref name="tag"/> or untagged when null.</summary>
    public static void Write(string path, string? tag, bool emptyManifestLayers = false)
    {
        var layers = CorpusImage.Plain;
        byte[] config = OciLayoutWriter.Json(OciLayoutWriter.Config(layers));
        var files = new List<(string, byte[])>();
        foreach (var layer in layers)
        {
            files.Add(($"blobs/sha256/{CorpusImage.Hex(layer.Tar)}", layer.Tar));
        }
        files.Add(($"blobs/sha256/{CorpusImage.Hex(config)}", config));
        var platform = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        byte[] manifest = OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.config.v1+json",
                ["digest"] = OciLayoutWriter.Sha(config),
                ["size"] = config.Length,
                ["platform"] = platform.DeepClone(),
            },
            ["layers"] = new JsonArray(emptyManifestLayers ? [] : layers.Select(layer => (JsonNode)new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.layer.v1.tar",
                ["digest"] = OciLayoutWriter.Sha(layer.Tar),
                ["size"] = layer.Tar.Length,
            }).ToArray()),
        });
        files.Add(($"blobs/sha256/{CorpusImage.Hex(manifest)}", manifest));
        files.Add(("manifest.json", OciLayoutWriter.Json(new JsonArray(new JsonObject
        {
            ["Config"] = $"blobs/sha256/{CorpusImage.Hex(config)}",
            ["RepoTags"] = tag is null ? null : new JsonArray(tag),
            ["Layers"] = new JsonArray(layers.Select(layer => (JsonNode)$"blobs/sha256/{CorpusImage.Hex(layer.Tar)}").ToArray()),
        }))));
        files.Add(("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray()));
        JsonNode? descriptors = tag is null ? null : new JsonArray(new JsonObject
        {
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["digest"] = OciLayoutWriter.Sha(manifest),
            ["size"] = manifest.Length,
            ["platform"] = platform.DeepClone(),
            ["annotations"] = new JsonObject
            {
                ["io.containerd.image.name"] = $"docker.io/{tag}",
                ["org.opencontainers.image.ref.name"] = tag[(tag.LastIndexOf(':') + 1)..],
            },
        });
        files.Add(("index.json", OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = descriptors,
        })));
        // archive.Tar walks the folder in lexical order.
        CorpusImage.WriteArchive(path, files.OrderBy(file => file.Item1, StringComparer.Ordinal), System.Formats.Tar.TarEntryFormat.Pax);
    }
}
