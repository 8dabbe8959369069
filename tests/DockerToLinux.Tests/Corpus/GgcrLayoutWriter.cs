using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Writes an OCI layout folder the way go-containerregistry's layout writer does for `crane pull --format=oci`
/// (pkg/crane's SaveOCI: layout.Write(path, empty.Index), then AppendImage with no options). Sources:
/// google/go-containerregistry pkg/v1/layout/write.go at 14945a43 and pkg/crane/pull.go: oci-layout holds
/// the layout version indented by four spaces; blobs/sha256/&lt;hex&gt; hold each layer as Compressed() gives it,
/// the config and the manifest, byte for byte as pulled (so an image from Docker Hub keeps Docker's schema 2
/// media types); index.json is Go's json.MarshalIndent of the index with three spaces: schemaVersion,
/// mediaType, and one descriptor per appended image (mediaType, size, digest in that order) with no
/// annotations, so the image has no reference name.
/// </summary>
public static class GgcrLayoutWriter
{
    /// <summary>Writes the layout of the corpus image with gzip layers, in Docker's or OCI's media types.</summary>
    public static void Write(string layout, bool dockerMediaTypes)
    {
        var layers = CorpusImage.Gzip;
        string layerType = dockerMediaTypes ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip";
        string configType = dockerMediaTypes ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json";
        string manifestType = dockerMediaTypes ? "application/vnd.docker.distribution.manifest.v2+json" : "application/vnd.oci.image.manifest.v1+json";

        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\n    \"imageLayoutVersion\": \"1.0.0\"\n}");
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = manifestType,
            ["config"] = Descriptor(OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(OciLayoutWriter.Config(layers)), configType)),
            ["layers"] = new JsonArray(layers.Select(layer => (JsonNode)Descriptor(OciLayoutWriter.WriteBlob(layout, layer.Blob, layerType))).ToArray()),
        };
        var image = Descriptor(OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(manifest), manifestType));
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(image),
        };
        File.WriteAllText(Path.Combine(layout, "index.json"), GoIndent(index));
    }

    // go-containerregistry's v1.Descriptor orders its fields mediaType, size, digest.
    private static JsonObject Descriptor(JsonObject written) => new()
    {
        ["mediaType"] = written["mediaType"]!.DeepClone(),
        ["size"] = written["size"]!.DeepClone(),
        ["digest"] = written["digest"]!.DeepClone(),
    };

    // json.MarshalIndent(index, "", "   "): three spaces a level, no newline at the end.
    private static string GoIndent(JsonNode node)
    {
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, IndentSize = 3, NewLine = "\n" }))
        {
            node.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
