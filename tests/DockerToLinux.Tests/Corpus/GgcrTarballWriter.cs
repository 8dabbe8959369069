using System.Text.Json.Nodes;
using DockerToLinux.Tests.Images;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Writes a docker-archive the way go-containerregistry's tarball writer does, which is what `crane pull`
/// (its default format), `kaniko --tarPath` (pkg/executor/push.go calls tarball.WriteToFile), `ko` and Bazel's
/// container rules write. Source: google/go-containerregistry pkg/v1/tarball/write.go at 01f33cab: the config
/// first, named "sha256:&lt;hex&gt;"; then each layer's blob as returned by Compressed() (gzip, or zstd for
/// a zstd image), named "&lt;hex of the compressed digest&gt;.tar.gz" and written once when images share it;
/// manifest.json last, [{Config, RepoTags, Layers}] with Go's field names; every entry a USTAR header
/// of mode 0644 from archive/tar.
/// </summary>
public static class GgcrTarballWriter
{
    /// <summary>Writes the archive of one image with compressed <paramref name="layers"/>.</summary>
    public static void Write(string path, IReadOnlyList<TestBlobLayer> layers, string tag = CorpusImage.Tag)
    {
        byte[] config = OciLayoutWriter.Json(OciLayoutWriter.Config(layers));
        var names = layers.Select(layer => CorpusImage.Hex(layer.Blob) + ".tar.gz").ToList();
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = OciLayoutWriter.Sha(config),
            ["RepoTags"] = new JsonArray(tag),
            ["Layers"] = new JsonArray(names.Select(name => (JsonNode)name).ToArray()),
        });
        var files = new List<(string, byte[])> { (OciLayoutWriter.Sha(config), config) };
        files.AddRange(layers.Select((layer, i) => (names[i], layer.Blob)).DistinctBy(file => file.Item1));
        files.Add(("manifest.json", OciLayoutWriter.Json(manifest)));
        CorpusImage.WriteArchive(path, files);
    }
}
