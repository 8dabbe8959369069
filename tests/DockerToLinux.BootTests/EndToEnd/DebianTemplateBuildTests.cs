using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// Checked by referees: the Debian template, in each archive form, converted by d2l
/// running as nobody, is a clean ext4 in an MBR disk that holds exactly what podman exports, and boots.
/// </summary>
public class DebianTemplateBuildTests
{
    // What d2l writes on purpose (the README lists them); everything else must equal podman's export.
    private static readonly string[] WrittenByD2l =
    [
        "etc/fstab", "etc/hostname", "etc/hosts", "etc/resolv.conf", "etc/machine-id", "etc/shadow",
        "boot/syslinux", "boot/syslinux/ldlinux.c32", "boot/syslinux/ldlinux.sys", "boot/syslinux/syslinux.cfg", "lost+found",
    ];

    public static TheoryData<string, string> ArchiveForms => new()
    {
        { DebianTemplate.OciArchive, "oci-archive" },
        { DebianTemplate.DockerArchive, "docker-archive" },
        { DebianTemplate.Docker25Archive, "docker-archive" },
    };

    [Theory]
    [MemberData(nameof(ArchiveForms))]
    public async Task The_template_becomes_a_disk_that_holds_what_podman_exports_and_boots_to_a_login_prompt(string archiveName, string transport)
    {
        string archive = await DebianTemplate.GetArchiveAsync(archiveName);
        using var home = new TempDir();
        string disk = home.File("debian.img");

        var build = D2lProcess.RunAsNobody(home, ["build", $"{transport}:{archive}", "-o", disk, "--root-password", "secret"]);

        build.EnsureSuccess("d2l build as nobody");
        AssertPartitionTable(disk);
        using (var partition = new MountedPartition(disk))
        {
            partition.Fsck.EnsureSuccess("e2fsck -fn on partition 1");
            AssertSameFilesAsPodman(PodmanExport.Of(archive, transport), partition.Root);
        }
        var boot = await new QemuBootRunner().RunAsync(new BootOptions(disk).WithTimeout(TimeSpan.FromMinutes(5)), TextWriter.Null, CancellationToken.None);
        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
    }

    private static void AssertPartitionTable(string disk)
    {
        string dump = Tool.Run("sfdisk", "--dump", disk).EnsureSuccess("sfdisk --dump").StdOut;
        Assert.Matches(@"start=\s*2048, size=\s*\d+, type=83, bootable", dump);
        Tool.Run("sfdisk", "--verify", disk).EnsureSuccess("sfdisk --verify");
    }

    // GNU tar compares every file's content, mode, owner, mtime, link target and xattrs with the mounted
    // filesystem; the two listings show files missing or extra on either side.
    private static void AssertSameFilesAsPodman(string exported, string root)
    {
        var diff = Tool.Run("tar", "--diff", "--numeric-owner", "--xattrs", "--xattrs-include=*", "-f", exported, "-C", root);
        var unexpected = (diff.StdOut + diff.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !WrittenByD2l.Any(path => line.StartsWith(path + ":", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unexpected.Count == 0, "tar --diff against podman export:\n" + string.Join('\n', unexpected.Take(50)));

        var inExport = Tool.Run("tar", "--quoting-style=literal", "-tf", exported).EnsureSuccess("tar -t").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Normalize).ToHashSet();
        var onDisk = Tool.Run("find", root, "-mindepth", "1").EnsureSuccess("find").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(path => Normalize(path[(root.Length + 1)..])).ToHashSet();
        var extra = onDisk.Except(inExport).Except(WrittenByD2l).Order().ToList();
        var missing = inExport.Except(onDisk).Order().ToList();
        Assert.True(extra.Count == 0 && missing.Count == 0,
            $"on disk only: {string.Join(", ", extra.Take(20))}\nin podman's export only: {string.Join(", ", missing.Take(20))}");
    }

    private static string Normalize(string path) => (path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path).Trim('/');
}
