using System.Text.Json.Nodes;
using DockerToLinux.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images;

public class BadInputTests
{
    private static async Task<D2lException> RefusedAsync(string reference, Func<ContainerImage, Task>? use = null)
    {
        var error = await Assert.ThrowsAsync<D2lException>(async () =>
        {
            await using var source = ImageSource.Parse(reference);
            var image = await source.OpenAsync(CancellationToken.None);
            if (use is not null)
            {
                await use(image);
            }
        });
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    private static string Layout(TempDir temp) =>
        OciLayoutWriter.WriteLayout(temp.File("layout"), [OciLayoutWriter.Plain(new TestLayer().File("etc/data", "original content").ToArray())]);

    [Fact]
    public async Task A_missing_archive_names_the_path() =>
        Assert.Contains("no such file", (await RefusedAsync("oci-archive:/nonexistent/image.tar")).Message);

    [Fact]
    public async Task An_unknown_transport_lists_the_known_ones() =>
        Assert.Contains("unknown transport 'ftp:' (known: oci-archive, docker-archive, oci", (await RefusedAsync("ftp:thing")).Message);

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        using var temp = new TempDir();
        File.WriteAllBytes(temp.File("empty.tar"), []);
        Assert.Contains("empty file", (await RefusedAsync(temp.File("empty.tar"))).Message);
    }

    [Fact]
    public async Task A_truncated_archive_is_refused()
    {
        using var temp = new TempDir();
        Layout(temp);
        Tool.Run("tar", "-C", temp.File("layout"), "-cf", temp.File("full.tar"), ".").EnsureSuccess("tar");
        byte[] full = File.ReadAllBytes(temp.File("full.tar"));
        File.WriteAllBytes(temp.File("cut.tar"), full[..(full.Length / 2 + 100)]);
        await RefusedAsync(temp.File("cut.tar"));
    }

    [Fact]
    public async Task An_index_that_is_not_json_is_refused()
    {
        using var temp = new TempDir();
        Layout(temp);
        File.WriteAllText(temp.File("layout/index.json"), "{ not json");
        Assert.Contains("index.json is not valid JSON", (await RefusedAsync($"oci:{temp.File("layout")}")).Message);
    }

    [Fact]
    public async Task A_missing_layer_blob_is_refused()
    {
        using var temp = new TempDir();
        byte[] tar = new TestLayer().File("f", "x").ToArray();
        OciLayoutWriter.WriteLayout(temp.File("layout"), [OciLayoutWriter.Plain(tar)]);
        File.Delete(temp.File("layout/blobs/sha256/" + OciLayoutWriter.Sha(tar)[7..]));
        Assert.Contains("missing blob", (await RefusedAsync($"oci:{temp.File("layout")}")).Message);
    }

    [Fact]
    public async Task An_unsupported_layer_media_type_is_refused()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        Directory.CreateDirectory(layout);
        var layer = new TestBlobLayer(new TestLayer().File("f", "x").ToArray(), [], "application/vnd.example.weird");
        var manifest = OciLayoutWriter.WriteImage(layout, [layer with { Blob = layer.Tar }]);
        OciLayoutWriter.WriteIndex(layout, manifest);
        Assert.Contains("unsupported media type 'application/vnd.example.weird'", (await RefusedAsync($"oci:{layout}")).Message);
    }

    [Fact]
    public async Task A_schema1_manifest_is_refused()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        Directory.CreateDirectory(layout);
        var manifest = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(new JsonObject { ["schemaVersion"] = 1, ["name"] = "x" }),
            "application/vnd.docker.distribution.manifest.v1+prettyjws");
        OciLayoutWriter.WriteIndex(layout, manifest);
        Assert.Contains("schema1", (await RefusedAsync($"oci:{layout}")).Message);
    }

    [Fact]
    public async Task A_changed_byte_in_a_layer_is_found_at_the_end_of_the_layer()
    {
        using var temp = new TempDir();
        Layout(temp);
        string blob = Directory.GetFiles(temp.File("layout/blobs/sha256")).Single(path => new FileInfo(path).Length > 1000);
        byte[] bytes = File.ReadAllBytes(blob);
        int at = bytes.AsSpan().IndexOf("original"u8);
        bytes[at] = (byte)'O';
        File.WriteAllBytes(blob, bytes);
        var store = new MemoryContentStore();
        var error = await RefusedAsync($"oci:{temp.File("layout")}", async image =>
        {
            await using var tar = await image.Layers[0].OpenTarAsync(CancellationToken.None);
            await DockerToLinux.RootFs.LayerApplier.ApplyAsync(new DockerToLinux.RootFs.FileTree(store.Release), tar, 0, store, CancellationToken.None);
        });
        Assert.Matches("layer sha256:[0-9a-f]{64} digest mismatch \\(got sha256:[0-9a-f]{64}\\)", error.Message);
    }

    [Fact]
    public async Task An_index_picks_linux_amd64_and_skips_attestations_unless_told_another_platform()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        Directory.CreateDirectory(layout);
        byte[] tar = new TestLayer().File("f", "x").ToArray();
        var arm = OciLayoutWriter.WriteImage(layout, [OciLayoutWriter.Plain(tar)], "arm64");
        arm["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "arm64" };
        var amd = OciLayoutWriter.WriteImage(layout, [OciLayoutWriter.Gzip(tar)], "amd64");
        amd["platform"] = new JsonObject { ["os"] = "linux", ["architecture"] = "amd64" };
        var attestation = OciLayoutWriter.WriteImage(layout, [OciLayoutWriter.Plain(tar)], "unknown");
        attestation["platform"] = new JsonObject { ["os"] = "unknown", ["architecture"] = "unknown" };
        var nested = OciLayoutWriter.WriteBlob(layout, OciLayoutWriter.Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(attestation, arm, amd),
        }), "application/vnd.oci.image.index.v1+json");
        OciLayoutWriter.WriteIndex(layout, nested);
        await using (var source = ImageSource.Parse($"oci:{layout}"))
        {
            var image = await source.OpenAsync(CancellationToken.None);
            Assert.Equal(amd["digest"]!.GetValue<string>(), image.Digest.ToString());
            Assert.Equal("amd64", image.Config.Architecture);
        }
        await using (var source = ImageSource.Parse($"oci:{layout}", new ImageSourceOptions(Platform.Parse("linux/arm64"))))
        {
            Assert.Equal("arm64", (await source.OpenAsync(CancellationToken.None)).Config.Architecture);
        }
        await using (var source = ImageSource.Parse($"oci:{layout}", new ImageSourceOptions(Platform.Parse("linux/s390x"))))
        {
            var error = await Assert.ThrowsAsync<D2lException>(() => source.OpenAsync(CancellationToken.None));
            Assert.Contains("no linux/s390x image (has: linux/arm64, linux/amd64)", error.Message);
        }
    }
}
