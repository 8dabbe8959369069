using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>
/// <c>d2l boot</c> as CI runs it: the real program, as nobody, on the shared Debian disk and on copies
/// broken by referee tools; judged by its exit code, its stderr, and the console it captured.
/// </summary>
public sealed class BootCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_debian_disk_boots_with_exit_0_and_prints_each_stage_time()
    {
        string disk = await DebianDisk.GetRawAsync();
        string log = _temp.File("console.log");

        var result = Boot(disk, "--timeout", "300", "--log", log);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"stages: firmware \d+\.\d s, bootloader \d+\.\d s, kernel \d+\.\d s, init \d+\.\d s, login prompt \d+\.\d s", result.StdErr);
        string console = await File.ReadAllTextAsync(log);
        Assert.Contains("Linux version", console);
        Assert.Contains("d2l login:", console);
    }

    [Fact]
    public async Task Run_logs_in_prints_the_kernel_version_and_exits_with_the_command_status()
    {
        string disk = await DebianDisk.GetRawAsync();
        string kernelVersion = BrokenDisk.KernelFile(disk, _temp)["/boot/vmlinuz-".Length..];

        var result = Boot(disk, "--timeout", "300", "--login", $"root:{DebianDisk.RootPassword}",
            "--run", "uname -r; echo to-stderr >&2; exit 3");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"{kernelVersion}\nto-stderr\n", result.StdOut.Replace("\r", ""));
    }

    [Fact]
    public async Task A_disk_with_its_mbr_boot_code_zeroed_fails_within_90_seconds_naming_the_boot_code()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("zeroed-mbr.img"));
        BrokenDisk.ZeroBootCode(disk);
        var clock = Stopwatch.StartNew();

        var result = Boot(disk, "--timeout", "60");

        Assert.Equal(1, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        // Under TCG the zeroed code either runs on silently (d2l then names the MBR boot code) or runs into a
        // BIOS return, and SeaBIOS itself reports that no device booted: either way the disk is refused for
        // its boot code, never for a kernel, a root or an init.
        Assert.True(result.StdErr.Contains("MBR boot code is missing or broken", StringComparison.Ordinal)
            || result.StdErr.Contains("no bootable device: the firmware found no boot loader", StringComparison.Ordinal), result.StdErr);
    }

    [Fact]
    public async Task A_disk_whose_kernel_file_was_removed_is_diagnosed_as_kernel_not_found_in_json()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("no-kernel.img"));
        string kernel = BrokenDisk.KernelFile(disk, _temp);
        BrokenDisk.EditPartition(disk, _temp, $"rm {kernel}");
        var clock = Stopwatch.StartNew();

        var result = Boot(disk, "--timeout", "120", "--json");

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.StdOut);
        var failure = report.RootElement.GetProperty("failure");
        Assert.False(report.RootElement.GetProperty("booted").GetBoolean());
        Assert.Equal("kernel_not_found", failure.GetProperty("cause").GetString());
        Assert.Contains(kernel, failure.GetProperty("summary").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_disk_whose_root_argument_names_a_wrong_uuid_is_diagnosed_as_root_not_found()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("wrong-root.img"));
        const string config = "/boot/syslinux/syslinux.cfg";
        string original = BrokenDisk.ReadFile(disk, _temp, config);
        // rootdelay=5 shortens the initramfs's wait for the missing device from Debian's 180 s.
        string broken = System.Text.RegularExpressions.Regex.Replace(original, @"root=UUID=\S+",
            "root=UUID=00000000-0000-4000-8000-000000000000 rootdelay=5");
        Assert.NotEqual(original, broken);
        string edited = _temp.File("syslinux.cfg");
        await File.WriteAllTextAsync(edited, broken);
        BrokenDisk.EditPartition(disk, _temp, $"rm {config}", $"write {edited} {config}");

        var result = Boot(disk, "--timeout", "240");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("root filesystem was not found", result.StdErr);
        Assert.Contains("00000000-0000-4000-8000-000000000000", result.StdErr);
        Assert.Contains("rootdelay", result.StdErr);
    }

    private ToolResult Boot(string disk, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = D2lProcess.RunAsNobody(_temp, ["boot", disk, .. args], timeout: TimeSpan.FromMinutes(10));
        output.WriteLine($"d2l boot {string.Join(' ', args)} -> exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(result.StdErr);
        return result;
    }

    public void Dispose() => _temp.Dispose();
}
