using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Writes a docker-archive the way jib's `jib:buildTar` does. Source: GoogleContainerTools/jib
/// jib-core/src/main/java/com/google/cloud/tools/jib/image/ImageTarball.java at 2ce3e0e1 (dockerWriteTo: each
/// layer's gzip blob named "&lt;hex of the blob digest&gt;.tar.gz", then config.json, then manifest.json) and
/// docker/json/DockerManifestEntryTemplate.java at 0141c7db (Jackson writes the fields as they are named:
/// "config", "repoTags", "layers", lower case). The config keeps Docker's field names inside "config", as
/// jib's ContainerConfigurationTemplate does; <paramref name="lowerCaseRuntimeKeys"/> writes them in lower
/// case too, which Docker's case-insensitive decoding also takes.
/// </summary>
public static class JibTarWriter
{
    /// <summary>Writes the archive of one image with gzip <paramref name="layers"/>.</summary>
    public static void Write(string path, IReadOnlyList<TestBlobLayer> layers, bool lowerCaseRuntimeKeys = false)
    {
        var config = OciLayoutWriter.Config(layers);
        if (lowerCaseRuntimeKeys)
        {
            var runtime = config["config"]!.AsObject();
            config["config"] = new JsonObject(runtime.Select(pair =>
                KeyValuePair.Create(pair.Key.ToLowerInvariant(), pair.Value?.DeepClone())));
        }
        var names = layers.Select(layer => CorpusImage.Hex(layer.Blob) + ".tar.gz").ToList();
        var entry = new JsonObject
        {
            ["config"] = "config.json",
            ["repoTags"] = new JsonArray(CorpusImage.Tag),
            ["layers"] = new JsonArray(names.Select(name => (JsonNode)name).ToArray()),
        };
        var files = layers.Select((layer, i) => (names[i], layer.Blob)).ToList();
        files.Add(("config.json", OciLayoutWriter.Json(config)));
        files.Add(("manifest.json", OciLayoutWriter.Json(new JsonArray(entry))));
        CorpusImage.WriteArchive(path, files, System.Formats.Tar.TarEntryFormat.Pax);
    }
}
