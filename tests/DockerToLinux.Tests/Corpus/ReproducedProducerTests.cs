using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// Archives of producers that cannot run here, written by generators that follow each producer's source
/// (cited on each generator). Where skopeo can read the archive it is the referee: its copy into an OCI
/// layout must give the same tree as d2l's reading of the archive itself.
/// </summary>
public class ReproducedProducerTests
{
    private static async Task AssertSkopeoReadsTheSameAsync(TempDir temp, string reference)
    {
        string layout = temp.File($"referee-{Guid.NewGuid():N}");
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", reference, $"oci:{layout}:referee").EnsureSuccess($"skopeo copy {reference}");
        var (refereeTree, _) = await ImageSnapshots.OfAsync($"oci:{layout}:referee");
        ImageSnapshots.AssertSame(await CorpusImage.ExpectedAsync(), refereeTree, $"skopeo's copy of {reference}");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task A_go_containerregistry_tarball_with_compressed_tar_gz_layers_is_checked_against_its_diff_ids_and_read(string codec)
    {
        using var temp = new TempDir();
        string archive = temp.File("crane.tar");
        GgcrTarballWriter.Write(archive, codec == "gzip" ? CorpusImage.Gzip : CorpusImage.Zstd);
        var image = await CorpusImage.AssertReadsAsync($"docker-archive:{archive}:{CorpusImage.Tag}");
        Assert.Equal(CorpusImage.Tars.Select(OciLayoutWriter.Sha), image.Config.DiffIds.Select(id => id.ToString()));
        if (codec == "gzip")
        {
            await AssertSkopeoReadsTheSameAsync(temp, $"docker-archive:{archive}");
        }
    }

    [Fact]
    public async Task A_compressed_docker_archive_layer_whose_content_differs_from_its_diff_id_is_refused_when_it_ends()
    {
        using var temp = new TempDir();
        string archive = temp.File("crane.tar");
        var layers = CorpusImage.Gzip.ToList();
        // The second layer's blob is another (valid) gzip tar: only the diff_id check can tell.
        layers[1] = layers[1] with { Blob = OciLayoutWriter.Gzip(CorpusImage.Tars[0]).Blob };
        byte[] config = OciLayoutWriter.Json(OciLayoutWriter.Config(CorpusImage.Gzip));
        CorpusImage.WriteArchive(archive,
        [
            ("config.json", config),
            ("a.tar.gz", layers[0].Blob),
            ("b.tar.gz", layers[1].Blob),
            ("manifest.json", OciLayoutWriter.Json(new JsonArray(new JsonObject
            {
                ["Config"] = "config.json", ["RepoTags"] = new JsonArray(CorpusImage.Tag), ["Layers"] = new JsonArray("a.tar.gz", "b.tar.gz"),
            }))),
        ]);
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(archive));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Matches("layer sha256:[0-9a-f]{64} diff_id digest mismatch", error.Message);
    }

    [Fact]
    public async Task A_docker_25_save_of_an_untagged_image_whose_index_lists_null_is_read_through_manifest_json()
    {
        using var temp = new TempDir();
        string archive = temp.File("untagged.tar");
        Docker25SaveWriter.Write(archive, tag: null);
        await CorpusImage.AssertReadsAsync(archive);
        await CorpusImage.AssertReadsAsync($"docker-archive:{archive}");
        await AssertSkopeoReadsTheSameAsync(temp, $"docker-archive:{archive}");
    }

    [Fact]
    public async Task A_docker_25_save_of_a_tagged_image_is_found_by_its_docker_name_and_its_full_name()
    {
        using var temp = new TempDir();
        string archive = temp.File("tagged.tar");
        Docker25SaveWriter.Write(archive, CorpusImage.Tag);
        await CorpusImage.AssertReadsAsync($"docker-archive:{archive}:{CorpusImage.Tag}");
        await CorpusImage.AssertReadsAsync($"oci-archive:{archive}:docker.io/{CorpusImage.Tag}");
        var missing = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync($"docker-archive:{archive}:other/image:2"));
        Assert.Contains("no image tagged 'other/image:2' (has: corpus/sample:1)", missing.Message);
    }

    [Fact]
    public async Task A_docker_25_0_0_save_whose_index_manifest_lists_no_layers_is_read_through_manifest_json()
    {
        using var temp = new TempDir();
        string archive = temp.File("25.0.0.tar");
        Docker25SaveWriter.Write(archive, CorpusImage.Tag, emptyManifestLayers: true);
        await CorpusImage.AssertReadsAsync(archive);
    }

    [Fact]
    public async Task An_oci_layout_whose_index_lists_null_and_has_no_manifest_json_is_refused_in_one_line_saying_so()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, CorpusImage.Plain);
        File.WriteAllText(Path.Combine(layout, "index.json"), "{\"schemaVersion\":2,\"manifests\":null}");
        var error = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync($"oci:{layout}"));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Equal($"oci:{layout}: index.json lists no image ('manifests' is null) and no manifest.json names one", error.Message);
    }

    [Fact]
    public async Task A_jib_tar_with_lower_case_manifest_keys_and_gzip_layers_is_read()
    {
        using var temp = new TempDir();
        string archive = temp.File("jib.tar");
        JibTarWriter.Write(archive, CorpusImage.Gzip);
        var image = await CorpusImage.AssertReadsAsync($"docker-archive:{archive}:{CorpusImage.Tag}");
        Assert.Equal("/srv", image.Config.WorkingDir);
        await AssertSkopeoReadsTheSameAsync(temp, $"docker-archive:{archive}");
    }

    [Fact]
    public async Task Config_runtime_keys_in_any_case_give_the_same_env_cmd_user_and_working_dir_as_docker_reads()
    {
        using var temp = new TempDir();
        string archive = temp.File("jib.tar");
        JibTarWriter.Write(archive, CorpusImage.Gzip, lowerCaseRuntimeKeys: true);
        var image = await CorpusImage.AssertReadsAsync(archive);
        Assert.Equal("/srv", image.Config.WorkingDir);
        Assert.Equal("1000:1000", image.Config.User);
    }
}
