using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>What is not an image d2l can build from is refused in one line that names what was found.</summary>
public class NotAnImageTests
{
    private static async Task<string> RefusedAsync(string reference)
    {
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(reference));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    // Docker before 1.10 (moby image/tarexport/save.go before the content-addressed images of 1.10): a folder per
    // layer with VERSION "1.0", json (the v1 image, its parent's id) and layer.tar, and a repositories file.
    [Fact]
    public async Task A_docker_save_from_before_docker_1_10_is_refused_saying_what_it_is()
    {
        using var temp = new TempDir();
        string id = CorpusImage.Hex(CorpusImage.Tars[0]);
        CorpusImage.WriteArchive(temp.File("old.tar"),
        [
            ($"{id}/VERSION", "1.0"u8.ToArray()),
            ($"{id}/json", OciLayoutWriter.Json(new JsonObject { ["id"] = id, ["os"] = "linux", ["architecture"] = "amd64" })),
            ($"{id}/layer.tar", CorpusImage.Tars[0]),
            ("repositories", OciLayoutWriter.Json(new JsonObject { ["corpus/sample"] = new JsonObject { ["1"] = id } })),
        ]);
        Assert.Equal($"{temp.File("old.tar")}: a docker save from before Docker 1.10 (layer folders with 'json' and 'layer.tar', no manifest.json), "
            + "which d2l does not read: load it into Docker and save it again", await RefusedAsync(temp.File("old.tar")));
    }

    [Fact]
    public async Task A_schema1_manifest_found_by_its_content_alone_is_refused()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        Directory.CreateDirectory(layout);
        var manifest = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 1, ["name"] = "corpus/sample", ["tag"] = "1", ["fsLayers"] = new JsonArray(), ["history"] = new JsonArray(),
        }), "application/vnd.oci.image.manifest.v1+json");
        manifest.Remove("mediaType");
        OciLayoutWriter.WriteIndex(layout, manifest);
        Assert.Contains("Docker schema1 manifests are not supported", await RefusedAsync($"oci:{layout}"));
    }

    [Theory]
    [InlineData("hsqs", "found a squashfs image")]
    [InlineData("PK\u0003\u0004", "found a zip archive")]
    public async Task A_layer_that_is_not_a_tar_is_refused_naming_what_it_is(string magic, string found)
    {
        using var temp = new TempDir();
        byte[] blob = new byte[4096];
        System.Text.Encoding.Latin1.GetBytes(magic).CopyTo(blob, 0);
        blob[100] = 1;
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, [new TestBlobLayer(blob, blob, "application/vnd.oci.image.layer.v1.tar")]);
        Assert.Equal($"oci:{layout}: layer {OciLayoutWriter.Sha(blob)} is not a tar archive ({found})", await RefusedAsync($"oci:{layout}"));

        GgcrTarballWriter.Write(temp.File("crane.tar"), [new TestBlobLayer(blob, blob, "")]);
        Assert.Contains($"is not a tar archive ({found})", await RefusedAsync(temp.File("crane.tar")));
    }

    [Fact]
    public async Task A_squashfs_layer_media_type_is_refused_before_its_blob_is_read()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, [new TestBlobLayer(CorpusImage.Tars[0], CorpusImage.Tars[0], "application/vnd.oci.image.layer.v1.squashfs")]);
        Assert.Contains("unsupported media type 'application/vnd.oci.image.layer.v1.squashfs' (d2l reads tar layers, plain or compressed)",
            await RefusedAsync($"oci:{layout}"));
    }

    [Theory]
    [InlineData("index")]
    [InlineData("manifest")]
    [InlineData("config")]
    [InlineData("layer")]
    public async Task A_descriptor_whose_size_disagrees_with_its_blob_is_refused_naming_both_sizes(string which)
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        Directory.CreateDirectory(layout);
        var layers = CorpusImage.Plain;
        var config = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(OciLayoutWriter.Config(layers)), "application/vnd.oci.image.config.v1+json");
        var layerDescriptors = layers.Select(layer => OciLayoutWriter.WriteBlob(layout, layer.Blob, layer.MediaType)).ToArray();
        if (which is "config" or "layer")
        {
            (which == "config" ? config : layerDescriptors[0])["size"] = 7;
        }
        var manifest = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["config"] = config,
            ["layers"] = new JsonArray(layerDescriptors),
        }), "application/vnd.oci.image.manifest.v1+json");
        if (which == "manifest")
        {
            manifest["size"] = 7;
        }
        var index = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray(manifest),
        }), "application/vnd.oci.image.index.v1+json");
        if (which == "index")
        {
            index["size"] = 7;
        }
        OciLayoutWriter.WriteIndex(layout, index);
        Assert.Matches("size mismatch \\((descriptor|manifest) says 7 bytes, blob has [0-9]+\\)", await RefusedAsync($"oci:{layout}"));
    }
}
