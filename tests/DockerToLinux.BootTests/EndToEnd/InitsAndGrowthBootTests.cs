using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// A serial login and first-boot SSH host keys under sysvinit, a cloud-init seed, and disks enlarged with
/// <c>qemu-img resize</c> past 16 GiB, the size at which the kernel's online resize turns our ext4 (no resize_inode)
/// into meta_bg: each disk boots once keeping its changes (growing), then again with <c>d2l boot</c> from the grown
/// filesystem. The guest's df, ip and pidof, the superblock's feature flags and GRUB's own ext4 reader (grub-fstest)
/// are the referees.
/// </summary>
public sealed class InitsAndGrowthBootTests(ITestOutputHelper output) : IDisposable
{
    private const long GrownDiskBytes = 17L * 1024 * 1024 * 1024;
    private const long SixteenGiB = 16L * 1024 * 1024 * 1024;
    private const string RootSize = "df -B1 --output=size / | tail -n 1";
    private readonly TempDir _temp = new();

    [Fact]
    public async Task A_sysvinit_disk_grown_past_16_GiB_grows_its_root_then_shows_a_serial_login_a_DHCP_address_and_sshd_with_new_host_keys_when_extlinux_boots_it_again()
    {
        string archive = await InitsCloudImages.GetArchiveAsync(InitsCloudImages.SysvinitOciArchive);
        string imageHostKey = ReadyVmImages.ReadFromLayers(archive, "etc/ssh/ssh_host_ed25519_key.pub").Split(' ')[1];
        string key = _temp.File("id_ed25519");
        Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@test", "-f", key).EnsureSuccess("ssh-keygen");
        File.SetUnixFileMode(key + ".pub", (UnixFileMode)0b110_100_100);
        string disk = ConsoleGuest.Build(_temp, archive, "sysvinit.img", "--ssh-key", key + ".pub");
        Grow(disk);

        var growing = await BootKeepingChangesAsync(disk, RootSize);
        // Debian's ssh script runs `sshd -t`, which fails without host keys: a running sshd shows d2l's first-boot
        // script made them before it, which insserv's parallel start only does when the script is one of its targets.
        string again = ConsoleGuest.Run(_temp, output, disk,
            "for i in $(seq 60); do ip -4 -o addr show scope global | grep -q inet && break; sleep 1; done; "
            + $"ip -4 -o addr show scope global; {RootSize}; "
            + "pidof sshd >/dev/null && echo sshd running; cut -d' ' -f2 /etc/ssh/ssh_host_ed25519_key.pub; cut -d' ' -f2 /root/.ssh/authorized_keys");

        Assert.True(long.Parse(growing.Trim(), CultureInfo.InvariantCulture) > SixteenGiB, $"root after growing: {growing}");
        Assert.True(RootIsMetaBg(disk), "the grown root has no meta_bg: the disk did not grow past what one descriptor block covers");
        var match = Regex.Match(again,
            @"^\d+: \S+\s+inet 10\.0\.2\.15/24 [^\n]*dynamic[^\n]*\n(?<size>\d+)\nsshd running\n(?<host>\S+)\n(?<root>\S+)\n?$");
        Assert.True(match.Success, $"console output: {again}");
        Assert.Equal(growing.Trim(), match.Groups["size"].Value);
        Assert.NotEqual(imageHostKey, match.Groups["host"].Value);
        Assert.Equal(File.ReadAllText(key + ".pub").Split(' ')[1], match.Groups["root"].Value);
    }

    [Fact]
    public async Task Cloud_init_runs_the_seeded_user_data_and_grows_a_GPT_disk_past_16_GiB_that_UEFI_boots_again_and_GRUB_reads()
    {
        string archive = await InitsCloudImages.GetArchiveAsync(InitsCloudImages.CloudOciArchive);
        string userData = _temp.File("user-data");
        File.WriteAllText(userData, "#cloud-config\nwrite_files:\n  - path: /var/tmp/d2l-cloud-init\n    content: written by cloud-init\n");
        File.SetUnixFileMode(userData, (UnixFileMode)0b110_100_100);
        string disk = ConsoleGuest.Build(_temp, archive, "cloud.img", "--bootloader", "hybrid", "--cloud-init", userData);
        Grow(disk);

        // cloud-init is turned off for the second boot, which checks the disk and not cloud-init, at half the time.
        string growing = await BootKeepingChangesAsync(disk,
            $"cloud-init status --wait >/dev/null; cat /var/tmp/d2l-cloud-init; echo; {RootSize}; touch /etc/cloud/cloud-init.disabled");
        // grub-fstest names its one image loop0; GRUB for BIOS and for EFI share this ext4 code.
        string fromGrub = Tool.Run("grub-fstest", [disk, "cat", "(loop0,gpt3)/var/tmp/d2l-cloud-init"], stdin: null)
            .EnsureSuccess("grub-fstest cat").StdOut;
        string again = ConsoleGuest.Run(_temp, output, disk, $"cat /var/tmp/d2l-cloud-init; echo; {RootSize}; test -d /sys/firmware/efi && echo uefi",
            "--firmware", "uefi").Replace("\r", "", StringComparison.Ordinal);

        var grown = growing.Trim().Split('\n');
        Assert.Equal("written by cloud-init", grown[0]);
        Assert.True(long.Parse(grown[^1], CultureInfo.InvariantCulture) > SixteenGiB, $"root after growing: {growing}");
        Assert.True(RootIsMetaBg(disk), "the grown root has no meta_bg: the disk did not grow past what one descriptor block covers");
        Assert.Equal("written by cloud-init", fromGrub.Trim());
        Assert.Equal($"written by cloud-init\n{grown[^1]}\nuefi", again.Trim());
    }

    private static void Grow(string disk) =>
        Tool.Run("qemu-img", "resize", "-f", "raw", disk, GrownDiskBytes.ToString(CultureInfo.InvariantCulture)).EnsureSuccess("qemu-img resize");

    private async Task<string> BootKeepingChangesAsync(string disk, string command)
    {
        var clock = Stopwatch.StartNew();
        var (outcome, console) = await WritableBoot.RunAsync(disk, ConsoleGuest.RootPassword, command, ConsoleGuest.BootLimit);
        output.WriteLine($"{Path.GetFileName(disk)}: growing boot, command and poweroff took {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(outcome.ExitCode == 0, $"growing boot: exit {outcome.ExitCode}\n{outcome.Output}\n{console[^Math.Min(4000, console.Length)..]}");
        return outcome.Output;
    }

    // The root is the disk's last partition; INCOMPAT_META_BG (0x10) is in s_feature_incompat, 0x60 into the
    // superblock, which starts 1024 bytes into the partition.
    private static bool RootIsMetaBg(string disk)
    {
        using var table = JsonDocument.Parse(Tool.Run("sfdisk", "--json", disk).EnsureSuccess("sfdisk --json").StdOut);
        var partitions = table.RootElement.GetProperty("partitiontable").GetProperty("partitions");
        long start = partitions[partitions.GetArrayLength() - 1].GetProperty("start").GetInt64() * 512;
        using var file = File.OpenRead(disk);
        var incompat = new byte[4];
        file.Position = start + 1024 + 0x60;
        file.ReadExactly(incompat);
        return (BitConverter.ToUInt32(incompat) & 0x10) != 0;
    }

    public void Dispose() => _temp.Dispose();
}
