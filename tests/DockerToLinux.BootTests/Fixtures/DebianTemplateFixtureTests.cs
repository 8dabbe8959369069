using System.Text.Json;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Fixtures;

/// <summary>The fixture recipe's archives, checked with skopeo and tar.</summary>
public sealed class DebianTemplateFixtureTests
{
    [Theory]
    [InlineData(DebianTemplate.OciArchive, "oci-archive")]
    [InlineData(DebianTemplate.DockerArchive, "docker-archive")]
    [InlineData(DebianTemplate.BaseOciArchive, "oci-archive")]
    public async Task Skopeo_reads_each_archive_as_a_linux_amd64_image(string name, string transport)
    {
        string archive = await DebianTemplate.GetArchiveAsync(name);

        var inspect = Tool.Run("skopeo", "inspect", "--config", $"{transport}:{archive}").EnsureSuccess("skopeo inspect");

        using var config = JsonDocument.Parse(inspect.StdOut);
        Assert.Equal("linux", config.RootElement.GetProperty("os").GetString());
        Assert.Equal("amd64", config.RootElement.GetProperty("architecture").GetString());
    }

    [Fact]
    public async Task The_docker_25_archive_is_an_oci_layout_whose_docker_manifest_points_into_its_blobs()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.Docker25Archive);

        var entries = Tool.Run("tar", "-tf", archive).EnsureSuccess("tar -t").StdOut.Split('\n').ToHashSet();
        string manifestJson = Tool.Run("tar", "-xOf", archive, "manifest.json").EnsureSuccess("tar -xO").StdOut;

        Assert.Contains("oci-layout", entries);
        Assert.Contains("index.json", entries);
        using var manifest = JsonDocument.Parse(manifestJson);
        var image = manifest.RootElement[0];
        string config = image.GetProperty("Config").GetString()!;
        var layers = image.GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()!).ToList();
        Assert.StartsWith("blobs/sha256/", config);
        Assert.Contains(config, entries);
        Assert.NotEmpty(layers);
        Assert.All(layers, layer => Assert.Matches("^blobs/sha256/[0-9a-f]{64}$", layer));
        Assert.All(layers, layer => Assert.Contains(layer, entries));
        // skopeo reads the same archive through its OCI side.
        Tool.Run("skopeo", "inspect", $"oci-archive:{archive}").EnsureSuccess("skopeo inspect oci-archive (docker 25)");
    }

    [Fact]
    public async Task The_template_carries_a_kernel_an_initramfs_and_init_while_the_base_has_no_kernel()
    {
        string template = await DebianTemplate.GetArchiveAsync(DebianTemplate.DockerArchive);
        string baseImage = await DebianTemplate.GetArchiveAsync(DebianTemplate.BaseOciArchive);

        string templateFiles = ListImageFiles($"docker-archive:{template}");
        string baseFiles = ListImageFiles($"oci-archive:{baseImage}");

        Assert.Matches(@"(?m)^boot/vmlinuz-\S+-amd64$", templateFiles);
        Assert.Matches(@"(?m)^boot/initrd\.img-\S+-amd64$", templateFiles);
        Assert.Matches(@"(?m)^(usr/)?sbin/init$", templateFiles);
        Assert.DoesNotMatch(@"(?m)^boot/vmlinuz", baseFiles);
    }

    [Fact]
    public async Task The_archives_are_world_readable_for_tests_that_run_d2l_as_nobody()
    {
        string folder = await DebianTemplate.GetCacheFolderAsync();

        foreach (string name in new[]
                 { DebianTemplate.OciArchive, DebianTemplate.DockerArchive, DebianTemplate.Docker25Archive, DebianTemplate.BaseOciArchive })
        {
            var mode = File.GetUnixFileMode(Path.Combine(folder, name));
            Assert.True(mode.HasFlag(UnixFileMode.OtherRead), $"{name} is {mode}");
        }
        Assert.True(File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute));
    }

    [Fact]
    public async Task Running_the_recipe_again_reuses_the_cache_at_once()
    {
        string folder = await DebianTemplate.GetCacheFolderAsync();
        string script = Path.Combine(DebianTemplate.RepositoryRoot(), "tests", "fixtures", "debian-template.sh");

        var started = DateTime.UtcNow;
        var again = Tool.Run("bash", script).EnsureSuccess("the recipe, a second time");

        Assert.Equal(folder, again.StdOut.TrimEnd().Split('\n')[^1]);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    // Every path in every layer, without leading "./"; enough to see what an image carries.
    private static string ListImageFiles(string image)
    {
        const string script = """
            set -euo pipefail
            dir="$(mktemp -d)"; trap 'rm -rf "$dir"' EXIT
            skopeo copy --quiet "$1" "dir:$dir" >/dev/null
            for blob in $(jq -r '.layers[].digest | sub("^sha256:"; "")' "$dir/manifest.json"); do
                tar -tf "$dir/$blob"
            done | sed 's|^\./||'
            """;
        return Tool.Run("bash", ["-c", script, "list", image], stdin: null).EnsureSuccess("list " + image).StdOut;
    }
}
