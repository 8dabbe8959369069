using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>The layer compressions BuildKit's exporters offer (`compression=`).</summary>
public enum BuildKitCompression
{
    Uncompressed,
    Gzip,
    Estargz,
    Zstd,
}

/// <summary>
/// Writes the tar of BuildKit's OCI exporter (`docker buildx build --output type=oci,dest=…` or
/// `buildctl … --output type=oci`). Source: moby/buildkit exporter/oci/export.go at 55cbd19d hands the
/// committed image to containerd's images/archive Export (<see cref="ContainerdArchiveWriter"/>) with the
/// image's names, all platforms and no Docker manifest.json, after annotating the root descriptor with
/// org.opencontainers.image.created. Since BuildKit 0.11 the image is an index of the image manifest (linux/amd64) and a provenance
/// attestation manifest (platform unknown/unknown, annotated vnd.docker.reference.type=attestation-manifest
/// and vnd.docker.reference.digest; one in-toto layer), per docs/attestations/attestation-storage.md; with
/// `--provenance=false` the root descriptor is the image manifest itself. eStargz layers keep the gzip media
/// type and carry the TOC digest and uncompressed size annotations (estargz/types.go).
/// </summary>
public static class BuildKitOciWriter
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const string IndexType = "application/vnd.oci.image.index.v1+json";
    private const string ConfigType = "application/vnd.oci.image.config.v1+json";

    /// <summary>The uncompressed tars the exported image's layers hold (eStargz adds its landmark and TOC).</summary>
    public static IReadOnlyList<byte[]> LayerTars(BuildKitCompression compression) =>
        Layers(compression).Select(layer => layer.Layer.Tar).ToList();

    /// <summary>Writes the export of the corpus image, named <see cref="CorpusImage.Tag"/>.</summary>
    public static void Write(string path, BuildKitCompression compression, bool attestations = true)
    {
        var blobs = new ContainerdArchiveWriter.BlobSet();

        var layers = Layers(compression);
        var config = blobs.Add(OciLayoutWriter.Json(OciLayoutWriter.Config(layers.Select(layer => layer.Layer))), ConfigType);
        var layerDescriptors = layers.Select(layer =>
        {
            var descriptor = blobs.Add(layer.Layer.Blob, layer.Layer.MediaType);
            if (layer.Annotations is { } annotations)
            {
                descriptor["annotations"] = annotations;
            }
            return (JsonNode)descriptor;
        }).ToArray();
        var image = blobs.Add(OciLayoutWriter.Json(Manifest(config, layerDescriptors)), ManifestType);
        var root = image;
        if (attestations)
        {
            image["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" };
            byte[] statement = OciLayoutWriter.Json(new JsonObject
            {
                ["_type"] = "https://in-toto.io/Statement/v0.1",
                ["predicateType"] = "https://slsa.dev/provenance/v0.2",
                ["subject"] = new JsonArray(new JsonObject { ["name"] = "_", ["digest"] = new JsonObject { ["sha256"] = image["digest"]!.GetValue<string>()[7..] } }),
                ["predicate"] = new JsonObject { ["buildType"] = "https://mobyproject.org/buildkit@v1" },
            });
            var statementDescriptor = blobs.Add(statement, "application/vnd.in-toto+json");
            statementDescriptor["annotations"] = new JsonObject { ["in-toto.io/predicate-type"] = "https://slsa.dev/provenance/v0.2" };
            var attestationConfig = blobs.Add(OciLayoutWriter.Json(new JsonObject
            {
                ["architecture"] = "unknown",
                ["os"] = "unknown",
                ["config"] = new JsonObject(),
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(OciLayoutWriter.Sha(statement)) },
            }), ConfigType);
            var attestation = blobs.Add(OciLayoutWriter.Json(Manifest(attestationConfig, [statementDescriptor])), ManifestType);
            attestation["annotations"] = new JsonObject
            {
                ["vnd.docker.reference.digest"] = image["digest"]!.GetValue<string>(),
                ["vnd.docker.reference.type"] = "attestation-manifest",
            };
            attestation["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" };
            root = blobs.Add(OciLayoutWriter.Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = IndexType,
                ["manifests"] = new JsonArray(image.DeepClone(), attestation.DeepClone()),
            }), IndexType);
        }
        var annotations = ContainerdArchiveWriter.NameAnnotations(CorpusImage.Tag);
        annotations["org.opencontainers.image.created"] = "2024-01-02T03:04:05Z";
        root["annotations"] = annotations;

        ContainerdArchiveWriter.Write(path, blobs, root);
    }

    private sealed record ExportedLayer(TestBlobLayer Layer, JsonObject? Annotations);

    private static List<ExportedLayer> Layers(BuildKitCompression compression) => CorpusImage.Tars.Select(tar => compression switch
    {
        BuildKitCompression.Uncompressed => new ExportedLayer(OciLayoutWriter.Plain(tar), null),
        BuildKitCompression.Gzip => new ExportedLayer(OciLayoutWriter.Gzip(tar), null),
        BuildKitCompression.Zstd => new ExportedLayer(OciLayoutWriter.Zstd(tar), null),
        _ => EStargz(tar),
    }).ToList();

    private static ExportedLayer EStargz(byte[] tar)
    {
        var stargz = EStargzWriter.Convert(tar);
        return new ExportedLayer(stargz.Layer, new JsonObject
        {
            ["containerd.io/snapshot/stargz/toc.digest"] = stargz.TocDigest,
            ["io.containers.estargz.uncompressed-size"] = stargz.Layer.Tar.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static JsonObject Manifest(JsonObject config, JsonNode[] layers) => new()
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = ManifestType,
        ["config"] = config.DeepClone(),
        ["layers"] = new JsonArray(layers.Select(layer => layer.DeepClone()).ToArray()),
    };
}
