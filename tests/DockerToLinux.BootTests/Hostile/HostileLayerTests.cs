using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Hostile;

/// <summary>
/// Hostile layers and blobs given to the real d2l: refused ones exit 2 with one line and leave nothing; accepted
/// ones are judged on the disk with debugfs (names land inside the image's root, nothing on the host).
/// </summary>
public class HostileLayerTests
{
    private const int BadInput = 2;

    private static ToolResult Build(TempDir home, params byte[][] layers)
    {
        OciLayoutWriter.WriteLayout(home.File("layout"), layers.Select(OciLayoutWriter.Plain).ToList());
        return BuildLayout(home);
    }

    private static ToolResult BuildLayout(TempDir home, string? source = null) =>
        D2lProcess.RunAsNobody(home, ["build", source ?? $"oci:{home.File("layout")}", "-o", Path.Combine(Refusal.OutputFolder(home), "disk.img"), "--bootloader", "none"]);

    private static string Debugfs(TempDir home, string request)
    {
        var result = Tool.Run("debugfs", "-R", request, Path.Combine(home.File("out"), "disk.img") + "?offset=1048576");
        Assert.True(result.ExitCode == 0, result.StdErr);
        return result.StdOut;
    }

    public static TheoryData<string, string> RefusedLayers => new()
    {
        { "hard link to a missing file", "missing 'nowhere'" },
        { "name over 255 bytes", "longer than 255 bytes" },
        { "dot-dot path", "climbs out of the root" },
        { "NUL in a PAX path", "NUL byte" },
        { "bad header checksum", "checksum" },
        { "oversized PAX header", "not a valid tar" },
        { "file under a file", "a parent is not a directory" },
    };

    private static byte[] Layer(string kind)
    {
        switch (kind)
        {
            case "hard link to a missing file":
                return new TestLayer().HardLink("link", "nowhere").ToArray();
            case "name over 255 bytes":
                return new TestLayer().File(new string('n', 256), "x").ToArray();
            case "dot-dot path":
                return new TestLayer().File("a/../../etc/passwd", "x").ToArray();
            case "NUL in a PAX path":
                return new TestLayer().FileWithRawPax("f", "x", 0b110_100_100, 1_700_000_000, ("path", Encoding.ASCII.GetBytes("a\0b"))).ToArray();
            case "bad header checksum":
                byte[] tar = new TestLayer().File("f", "x").ToArray();
                tar[10] ^= 0x55;
                return tar;
            case "oversized PAX header":
                return new TestLayer().FileWithRawPax("f", "x", 0b110_100_100, 1_700_000_000, ("comment", new byte[9 << 20])).ToArray();
            default:
                return new TestLayer().File("f", "x").File("f/g", "y").ToArray();
        }
    }

    [Theory]
    [MemberData(nameof(RefusedLayers))]
    public void A_hostile_layer_is_refused_in_one_line_naming_the_layer(string kind, string reason)
    {
        using var home = new TempDir();
        Refusal.Check(Build(home, Layer(kind)), BadInput, home.File("out"), "layer ", reason);
    }

    [Fact]
    public void Absolute_names_and_escaping_symlinks_land_inside_the_image_root()
    {
        using var home = new TempDir();
        string marker = "d2l-escape-" + Guid.NewGuid().ToString("N");
        byte[] layer = new TestLayer()
            .File("/etc/absolute", "inside")
            .Symlink("up", "../../../../../../tmp")
            .Symlink("abs", "/var")
            .File($"up/{marker}", "through a relative link")
            .File($"abs/{marker}", "through an absolute link")
            .ToArray();
        Build(home, layer).EnsureSuccess("d2l build");
        Assert.Contains("inside", Debugfs(home, "cat /etc/absolute"));
        Assert.Contains("through a relative link", Debugfs(home, $"cat /tmp/{marker}"));
        Assert.Contains("through an absolute link", Debugfs(home, $"cat /var/{marker}"));
        Assert.False(File.Exists($"/tmp/{marker}") || File.Exists($"/var/{marker}"), "a layer wrote to the host");
    }

    [Fact]
    public void A_duplicate_entry_is_replaced_by_the_later_one()
    {
        using var home = new TempDir();
        Build(home, new TestLayer().File("etc/motd", "first").File("etc/motd", "second").ToArray()).EnsureSuccess("d2l build");
        Assert.Equal("second", Debugfs(home, "cat /etc/motd"));
    }

    [Fact]
    public void A_manifest_descriptor_whose_size_disagrees_with_the_blob_is_refused()
    {
        using var home = new TempDir();
        string layout = home.File("layout");
        Directory.CreateDirectory(layout);
        var manifest = OciLayoutWriter.WriteImage(layout, [OciLayoutWriter.Plain(new TestLayer().File("f", "x").ToArray())]);
        manifest["size"] = manifest["size"]!.GetValue<int>() + 1;
        OciLayoutWriter.WriteIndex(layout, manifest);
        Refusal.Check(BuildLayout(home), BadInput, home.File("out"), "manifest", "size mismatch");
    }

    [Fact]
    public void A_docker_archive_layer_with_a_changed_byte_fails_its_digest()
    {
        using var home = new TempDir();
        byte[] tar = new TestLayer().File("etc/data", "original " + new string('o', 2000)).ToArray();
        var config = OciLayoutWriter.Json(OciLayoutWriter.Config([OciLayoutWriter.Plain(tar)]));
        var manifest = OciLayoutWriter.Json(new JsonArray(new JsonObject
        {
            ["Config"] = "config.json",
            ["RepoTags"] = new JsonArray("changed:latest"),
            ["Layers"] = new JsonArray("layer/layer.tar"),
        }));
        tar[tar.AsSpan().IndexOf("original"u8)] = (byte)'O';
        string archive = home.File("changed.tar");
        using (var file = File.Create(archive))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            foreach (var (name, data) in new[] { ("manifest.json", manifest), ("config.json", config), ("layer/layer.tar", tar) })
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }
        Refusal.Check(BuildLayout(home, $"docker-archive:{archive}"), BadInput, home.File("out"), "digest mismatch");
    }
}
