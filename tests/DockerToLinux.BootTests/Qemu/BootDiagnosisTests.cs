using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>
/// The diagnoses of <c>d2l boot --json</c> that need Linux to get far: copies of the shared Debian disk,
/// each broken one way with referee tools (debugfs on the root partition), booted by the real program as
/// nobody. Each must name its cause, exit 1, and end the run soon after the console shows it rather than
/// at the generous timeout.
/// </summary>
public sealed class BootDiagnosisTests(ITestOutputHelper output) : IDisposable
{
    // Far more than a broken boot needs on a loaded machine, so that only the diagnosis can end it early.
    private const int TimeoutSeconds = 400;

    // A full Debian boot takes 40–140 s under TCG on the shared CI machine; these failures come halfway.
    private static readonly TimeSpan EarlyEnd = TimeSpan.FromSeconds(200);

    private readonly TempDir _temp = new();

    [Fact]
    public async Task A_disk_whose_init_exits_at_once_is_diagnosed_as_a_kernel_panic_soon_after_the_panic()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("init-exits.img"));
        // /bin/false exists, so the initramfs hands over to it; it exits, and the kernel panics with
        // "Attempted to kill init!", which is neither a missing root nor a missing init.
        BrokenDisk.AppendKernelArguments(disk, _temp, "init=/bin/false");

        var (failure, elapsed) = BootExpectingFailure(disk);

        Assert.Equal("kernel_panic", failure.GetProperty("cause").GetString());
        Assert.Contains("Kernel panic - not syncing: Attempted to kill init!", failure.GetProperty("summary").GetString());
        Assert.True(elapsed < EarlyEnd, $"took {elapsed}");
    }

    [Fact]
    public async Task A_disk_without_sbin_init_or_bin_sh_is_diagnosed_as_init_missing_soon_after_the_initramfs_gives_up()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("no-init.img"));
        // Debian's initramfs tries init=, then /sbin/init, /etc/init, /bin/init and /bin/sh; with the
        // first and last gone (/sbin and /bin are links into /usr) none is left.
        BrokenDisk.EditPartition(disk, _temp, "rm /usr/sbin/init", "rm /usr/bin/sh");

        var (failure, elapsed) = BootExpectingFailure(disk);

        Assert.Equal("init_missing", failure.GetProperty("cause").GetString());
        Assert.Contains("No init found", failure.GetProperty("summary").GetString());
        Assert.True(elapsed < EarlyEnd, $"took {elapsed}");
    }

    [Fact]
    public async Task A_disk_whose_fstab_mount_fails_is_diagnosed_as_an_emergency_shell_soon_after_systemd_gives_up()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("bad-fstab.img"));
        // The root filesystem again on /mnt, with an option ext4 refuses: the mount fails at once (no device
        // timeout to wait for), local-fs.target fails, and systemd starts emergency.target.
        BrokenDisk.RewriteFile(disk, _temp, "/etc/fstab", fstab =>
            fstab + fstab.Split('\n').First(line => line.StartsWith("UUID=", StringComparison.Ordinal)).Split(' ')[0]
            + " /mnt ext4 no-such-option 0 0\n");

        var (failure, elapsed) = BootExpectingFailure(disk);

        Assert.Equal("emergency_shell", failure.GetProperty("cause").GetString());
        Assert.Contains(failure.GetProperty("lastLines").EnumerateArray(),
            line => line.GetString()!.Contains("You are in emergency mode", StringComparison.Ordinal));
        Assert.True(elapsed < EarlyEnd, $"took {elapsed}");
    }

    [Fact]
    public async Task A_disk_whose_init_argument_names_a_missing_file_still_boots_because_the_initramfs_falls_back()
    {
        string disk = await BrokenDisk.CopyAsync(_temp.File("init-nonexistent.img"));
        // The initramfs says "Target filesystem doesn't have requested /bin/nonexistent." and goes on
        // with /sbin/init: that line alone is no failure.
        BrokenDisk.AppendKernelArguments(disk, _temp, "init=/bin/nonexistent");
        string log = _temp.File("console.log");

        var result = Boot(disk, "--timeout", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log", log);

        Assert.Equal(0, result.ExitCode);
        string console = await File.ReadAllTextAsync(log);
        Assert.Contains("Target filesystem doesn't have requested /bin/nonexistent.", console);
        Assert.Contains("d2l login:", console);
    }

    [KvmClosedToNobodyFact]
    public async Task A_kvm_boot_by_a_user_who_may_not_open_dev_kvm_is_refused_with_exit_2()
    {
        string disk = await DebianDisk.GetRawAsync();

        var result = Boot(disk, "--accel", "kvm", "--timeout", "120", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("KVM was requested, but /dev/kvm is missing or not accessible", result.StdErr);
    }

    [KvmFact]
    public async Task A_kvm_boot_ends_as_qemu_under_kvm_alone_ends_on_this_machine_booted_or_with_kvm_blamed_and_never_the_disk()
    {
        string disk = await DebianDisk.GetRawAsync();
        // The referee: QEMU under KVM without d2l. Nested VMs often have a KVM that stops at the boot
        // loader's protected-mode switch; then d2l must exit 1 and name KVM, not the disk.
        string? kvmFailure = await KvmOnThisMachine.FailureBootingAsync(disk);
        output.WriteLine($"QEMU under KVM alone: {kvmFailure ?? "reached the login prompt"}");

        var result = BootAsTestUser(disk);

        using var report = JsonDocument.Parse(result.StdOut);
        if (kvmFailure is null)
        {
            Assert.Equal(0, result.ExitCode);
            Assert.True(report.RootElement.GetProperty("booted").GetBoolean());
            return;
        }
        Assert.Equal(1, result.ExitCode);
        var failure = report.RootElement.GetProperty("failure");
        Assert.Equal("qemu_failed", failure.GetProperty("cause").GetString());
        Assert.StartsWith("KVM failed, not the disk: ", failure.GetProperty("summary").GetString());
    }

    // As the test's own user, who may open /dev/kvm (KvmFact), so that d2l tries KVM and does not fall back.
    private ToolResult BootAsTestUser(string disk)
    {
        var result = D2lProcess.Run(["boot", disk, "--accel", "kvm", "--timeout", "120", "--json"], TimeSpan.FromMinutes(5));
        output.WriteLine($"d2l boot --accel kvm -> exit {result.ExitCode}\n{result.StdOut}\n{result.StdErr}");
        return result;
    }

    /// <summary>Boots with <c>--json</c>, asserts exit 1 and no boot, and returns the failure and the wall time.</summary>
    private (JsonElement Failure, TimeSpan Elapsed) BootExpectingFailure(string disk)
    {
        var clock = Stopwatch.StartNew();
        var result = Boot(disk, "--timeout", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        var elapsed = clock.Elapsed;

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.False(report.RootElement.GetProperty("booted").GetBoolean());
        return (report.RootElement.GetProperty("failure").Clone(), elapsed);
    }

    private ToolResult Boot(string disk, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = D2lProcess.RunAsNobody(_temp, ["boot", disk, .. args], timeout: TimeSpan.FromMinutes(10));
        output.WriteLine($"d2l boot {string.Join(' ', args)} -> exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(result.StdOut);
        output.WriteLine(result.StdErr);
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();
}
