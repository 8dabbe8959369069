using System.Formats.Tar;
using System.Text;
using DockerToLinux.Images;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.RootFs;

public class PodmanRefereeTests
{
    // security.capability v2 granting cap_net_bind_service and cap_setuid (bytes above 0x7F on purpose).
    private static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly string LongDirectory = "deep/" + new string('d', 120);
    private static readonly string LongFile = LongDirectory + "/" + new string('f', 200);

    /// <summary>Layers that exercise every rule: deletions, opaque dirs, type changes, hard links, specials.</summary>
    public static IReadOnlyList<TestBlobLayer> TrickyLayers()
    {
        var old = new DateTimeOffset(1960, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var future = new DateTimeOffset(2100, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        var layer0 = new TestLayer()
            .Dir("etc").File("etc/keep", "keep\n").File("etc/gone", "gone\n").Dir("etc/sub").File("etc/sub/a", "a\n")
            .Dir("opaq").File("opaq/old", "old\n").Dir("opaq/olddir").File("opaq/olddir/x", "x\n")
            .Dir("dir2file").File("dir2file/c", "c\n").File("file2dir", "file\n")
            .Dir("hl").File("hl/base", "shared content\n").HardLink("hl/same-layer", "hl/base")
            .Dir("tmp", mode: 0b1_111_111_111).Dir("bin").File("bin/su", "su", mode: 0b100_111_101_101)
            .File("bin/sgid", "sg", mode: 0b010_111_101_101, gid: 42)
            .File("bigids", "ids", uid: 100000, gid: 3000000)
            .File("old", "old times", time: old).File("future", "future times", time: future)
            .Dir("dev").Device(TarEntryType.CharacterDevice, "dev/null", 1, 3).Device(TarEntryType.BlockDevice, "dev/sda", 8, 0)
            .Fifo("dev/fifo")
            .FileWithRawPax("bin/ping", "ping", 0b111_101_101, 1_700_000_000, ("SCHILY.xattr.security.capability", Capability))
            .File("bin/note", "note", pax: new() { ["SCHILY.xattr.user.comment"] = "hello xattr" })
            .Dir("deep").Dir(LongDirectory).File(LongFile, "long name\n").Symlink("longlink", "/" + LongFile)
            .Dir("usr").Dir("usr/lib").File("usr/lib/libc", "libc").Symlink("lib", "usr/lib")
            .ToArray();
        var layer1 = new TestLayer()
            .Dir("etc", mode: 0b111_000_000).Whiteout("etc/gone").File("etc/new", "new\n")
            .Dir("opaq").Opaque("opaq").File("opaq/fresh", "fresh\n")
            .File("dir2file", "now a file\n").Dir("file2dir").File("file2dir/inner", "inner\n")
            .Dir("hl").HardLink("hl/lower-link", "hl/base")
            .Dir("usr").Dir("usr/lib").File("usr/lib/libm", "libm")
            .ToArray();
        var layer2 = new TestLayer()
            .Dir("hl").Whiteout("hl/base").Dir("etc", mode: 0b111_101_000).File("etc/keep", "replaced\n", mode: 0b110_000_000)
            .Whiteout("etc/sub").Dir("etc/sub").File("etc/sub/b", "b\n")
            .ToArray();
        return [OciLayoutWriter.Plain(layer0), OciLayoutWriter.Gzip(layer1), OciLayoutWriter.Zstd(layer2)];
    }

    [Fact]
    public async Task Flattening_tricky_layers_equals_what_podman_exports()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, TrickyLayers());
        string archive = temp.File("image.tar");
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", $"oci:{layout}:{OciLayoutWriter.Ref}", $"oci-archive:{archive}")
            .EnsureSuccess("skopeo copy");

        var actual = await PodmanReferee.AssertSameTreeAsync(temp, $"oci-archive:{archive}", $"oci-archive:{archive}");
        Assert.Contains("/bin/ping", actual.Entries.Keys);
        Assert.Contains("security.capability=01000002800400", actual.Entries["/bin/ping"]);
        Assert.Contains("/future", actual.Entries.Keys);
        Assert.Equal(["/hl/lower-link = /hl/same-layer"], actual.HardLinkGroups);
        await using var source = ImageSource.Parse($"oci-archive:{archive}");
        var (ours, _) = await TreeSnapshot.FlattenAsync(await source.OpenAsync(CancellationToken.None));
        Assert.Equal(new FsTimestamp(4102542245, 123456700), ours.Lookup("future")!.Node.ModificationTime);
    }
}

