using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

public class ReproducibleBuildTests
{
    [Fact]
    public async Task With_SOURCE_DATE_EPOCH_two_builds_of_the_template_are_byte_identical_whether_its_layers_are_read_together_or_one_after_another()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var home = new TempDir();
        var epoch = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" };

        D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{archive}", "-o", home.File("a.img")], epoch).EnsureSuccess("first build");
        D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{archive}", "-o", home.File("b.img"), "--jobs", "1"], epoch)
            .EnsureSuccess("second build, one layer at a time");

        Tool.Run("cmp", home.File("a.img"), home.File("b.img")).EnsureSuccess("cmp of the two disks");
    }

    [Fact]
    public async Task A_disk_whose_layers_ISA_L_inflated_is_byte_identical_to_one_inflated_by_zlib_ng()
    {
        Assert.True(File.Exists("/usr/lib/x86_64-linux-gnu/libisal.so.2"), "libisal2 is not installed (.ci/packages installs it)");
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var home = new TempDir();
        var epoch = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" };

        var isal = D2lProcess.RunAsNobody(home, ["build", "--verbose", $"oci-archive:{archive}", "-o", home.File("a.img")], epoch)
            .EnsureSuccess("build with ISA-L");
        var zlib = D2lProcess.RunAsNobody(home, ["build", "--verbose", $"oci-archive:{archive}", "-o", home.File("b.img")],
            new Dictionary<string, string>(epoch) { ["D2L_ISAL"] = "0" }).EnsureSuccess("build with D2L_ISAL=0");

        Assert.Contains("gzip layers are inflated by ISA-L (libisal.so.2)", isal.StdErr);
        Assert.Contains("gzip layers are inflated by zlib-ng (.NET); ISA-L not used: disabled by D2L_ISAL=0", zlib.StdErr);
        Tool.Run("cmp", home.File("a.img"), home.File("b.img")).EnsureSuccess("cmp of the two disks");
    }

    [Fact]
    public async Task Without_SOURCE_DATE_EPOCH_each_disk_gets_its_own_filesystem_uuid()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var home = new TempDir();

        D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{archive}", "-o", home.File("a.img")]).EnsureSuccess("first build");
        D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{archive}", "-o", home.File("b.img")]).EnsureSuccess("second build");

        Assert.NotEqual(FilesystemUuid(home.File("a.img")), FilesystemUuid(home.File("b.img")));
    }

    [Fact]
    public async Task Without_a_boot_loader_the_disk_has_no_boot_code_but_a_clean_filesystem()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.BaseOciArchive);
        using var home = new TempDir();
        string disk = home.File("base.img");

        D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{archive}", "-o", disk, "--bootloader", "none"]).EnsureSuccess("d2l build");

        byte[] mbr = new byte[512];
        using (var file = File.OpenRead(disk))
        {
            file.ReadExactly(mbr);
        }
        Assert.All(mbr[..440], b => Assert.Equal(0, b));
        Assert.Equal(new byte[] { 0x55, 0xAA }, mbr[510..]);
        using var partition = new MountedPartition(disk);
        partition.Fsck.EnsureSuccess("e2fsck -fn");
        Assert.False(Directory.Exists(Path.Combine(partition.Root, "boot", "syslinux")));
    }

    private static string FilesystemUuid(string disk) =>
        Tool.Run("blkid", "-o", "value", "-s", "UUID", "--probe", "--offset", "1048576", disk).EnsureSuccess("blkid").StdOut.Trim();
}
