using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Writes a `docker save` of Docker 25+ with the containerd image store, of an image pulled from a registry
/// as a multi-platform index. Source: moby/moby daemon/containerd/image_exporter.go at 0031b7a4: ExportImage
/// hands the image's target (the index as pulled) and its name to containerd's archive Export
/// (<see cref="ContainerdArchiveWriter"/>) with WithPlatform (the daemon's platform, for manifest.json),
/// WithSkipMissing (blobs the store never fetched are left out) and the Docker manifest.json kept. So
/// index.json names the index; blobs/ holds the index and the linux/amd64 image, while the linux/arm64 image
/// and both provenance attestations, listed in the index, are absent; manifest.json points at the amd64 image.
/// </summary>
public static class DockerContainerdStoreSaveWriter
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Writes the save of the corpus image, tagged <see cref="CorpusImage.Tag"/>.</summary>
    public static void Write(string path)
    {
        var blobs = new ContainerdArchiveWriter.BlobSet();
        var layers = CorpusImage.Gzip;
        var config = blobs.Add(OciLayoutWriter.Json(OciLayoutWriter.Config(layers)), "application/vnd.oci.image.config.v1+json");
        var layerDescriptors = layers.Select(layer => (JsonNode)blobs.Add(layer.Blob, layer.MediaType)).ToArray();
        var amd64 = blobs.Add(OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestType,
            ["config"] = config,
            ["layers"] = new JsonArray(layerDescriptors),
        }), ManifestType);
        amd64["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
        // Not fetched by the pull, so not in the store: only their descriptors in the index.
        var arm64 = ContainerdArchiveWriter.Descriptor("arm64 manifest, not pulled"u8.ToArray(), ManifestType);
        arm64["platform"] = new JsonObject { ["architecture"] = "arm64", ["os"] = "linux", ["variant"] = "v8" };
        var index = blobs.Add(OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(amd64, arm64, Attestation(amd64, "amd64"), Attestation(arm64, "arm64")),
        }), "application/vnd.oci.image.index.v1+json");
        index["annotations"] = ContainerdArchiveWriter.NameAnnotations(CorpusImage.Tag);

        var dockerManifest = new JsonArray(new JsonObject
        {
            ["Config"] = $"blobs/sha256/{config["digest"]!.GetValue<string>()[7..]}",
            ["RepoTags"] = new JsonArray(CorpusImage.Tag),
            ["Layers"] = new JsonArray(layers.Select(layer => (JsonNode)$"blobs/sha256/{CorpusImage.Hex(layer.Blob)}").ToArray()),
        });
        ContainerdArchiveWriter.Write(path, blobs, index, dockerManifest);
    }

    private static JsonObject Attestation(JsonObject image, string architecture)
    {
        var attestation = ContainerdArchiveWriter.Descriptor(System.Text.Encoding.UTF8.GetBytes($"{architecture} attestation, not pulled"), ManifestType);
        attestation["annotations"] = new JsonObject
        {
            ["vnd.docker.reference.digest"] = image["digest"]!.DeepClone(),
            ["vnd.docker.reference.type"] = "attestation-manifest",
        };
        attestation["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" };
        return attestation;
    }
}
