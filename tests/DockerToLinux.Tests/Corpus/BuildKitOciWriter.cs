using System.Formats.Tar;
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
/// `buildctl … --output type=oci`). Sources: moby/buildkit exporter/oci/export.go at 55cbd19d hands the
/// committed image to containerd's images/archive Export with the image's names, all platforms and no Docker
/// manifest.json, after annotating the root descriptor with org.opencontainers.image.created; containerd
/// images/archive/exporter.go at 42b60d86 writes, sorted by name, the directories blobs/ and blobs/sha256/
/// (0755), every blob (0444), index.json (0644: schemaVersion and manifests; each name adds the annotations
/// io.containerd.image.name, the full name, and org.opencontainers.image.ref.name, its tag) and oci-layout
/// (0444). Since BuildKit 0.11 the image is an index of the image manifest (linux/amd64) and a provenance
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
        var blobs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        JsonObject Blob(byte[] data, string mediaType)
        {
            blobs[$"blobs/sha256/{CorpusImage.Hex(data)}"] = data;
            return new JsonObject { ["mediaType"] = mediaType, ["digest"] = OciLayoutWriter.Sha(data), ["size"] = data.Length };
        }

        var layers = Layers(compression);
        var config = Blob(OciLayoutWriter.Json(OciLayoutWriter.Config(layers.Select(layer => layer.Layer))), ConfigType);
        var layerDescriptors = layers.Select(layer =>
        {
            var descriptor = Blob(layer.Layer.Blob, layer.Layer.MediaType);
            if (layer.Annotations is { } annotations)
            {
                descriptor["annotations"] = annotations;
            }
            return (JsonNode)descriptor;
        }).ToArray();
        var image = Blob(OciLayoutWriter.Json(Manifest(config, layerDescriptors)), ManifestType);
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
            var statementDescriptor = Blob(statement, "application/vnd.in-toto+json");
            statementDescriptor["annotations"] = new JsonObject { ["in-toto.io/predicate-type"] = "https://slsa.dev/provenance/v0.2" };
            var attestationConfig = Blob(OciLayoutWriter.Json(new JsonObject
            {
                ["architecture"] = "unknown",
                ["os"] = "unknown",
                ["config"] = new JsonObject(),
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(OciLayoutWriter.Sha(statement)) },
            }), ConfigType);
            var attestation = Blob(OciLayoutWriter.Json(Manifest(attestationConfig, [statementDescriptor])), ManifestType);
            attestation["annotations"] = new JsonObject
            {
                ["vnd.docker.reference.digest"] = image["digest"]!.GetValue<string>(),
                ["vnd.docker.reference.type"] = "attestation-manifest",
            };
            attestation["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" };
            root = Blob(OciLayoutWriter.Json(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = IndexType,
                ["manifests"] = new JsonArray(image.DeepClone(), attestation.DeepClone()),
            }), IndexType);
        }
        root["annotations"] = new JsonObject
        {
            ["io.containerd.image.name"] = $"docker.io/{CorpusImage.Tag}",
            ["org.opencontainers.image.created"] = "2024-01-02T03:04:05Z",
            ["org.opencontainers.image.ref.name"] = CorpusImage.Tag[(CorpusImage.Tag.LastIndexOf(':') + 1)..],
        };

        var records = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal) { ["blobs/"] = null, ["blobs/sha256/"] = null };
        foreach (var (name, data) in blobs)
        {
            records[name] = data;
        }
        records["index.json"] = OciLayoutWriter.Json(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(root) });
        records["oci-layout"] = "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray();
        WriteTar(path, records);
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

    // Go's archive/tar writes these headers as USTAR; the records carry no time, which it writes as 0.
    private static void WriteTar(string path, SortedDictionary<string, byte[]?> records)
    {
        using var file = File.Create(path);
        using var writer = new TarWriter(file, TarEntryFormat.Ustar);
        foreach (var (name, data) in records)
        {
            var entry = new UstarTarEntry(data is null ? TarEntryType.Directory : TarEntryType.RegularFile, name)
            {
                ModificationTime = DateTimeOffset.UnixEpoch,
                Mode = data is null ? (UnixFileMode)0b111_101_101 : name == "index.json" ? (UnixFileMode)0b110_100_100 : (UnixFileMode)0b100_100_100,
            };
            if (data is not null)
            {
                entry.DataStream = new MemoryStream(data);
            }
            writer.WriteEntry(entry);
        }
    }
}
