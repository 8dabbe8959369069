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

    [Fact]
    public async Task A_kvm_boot_either_boots_or_blames_kvm_and_never_the_disk()
    {
        string disk = await DebianDisk.GetRawAsync();

        // As the test's own user: nobody may not open /dev/kvm, and then d2l never tries KVM.
        var result = D2lProcess.Run(["boot", disk, "--accel", "kvm", "--timeout", "120", "--json"], TimeSpan.FromMinutes(5));
        output.WriteLine($"d2l boot --accel kvm -> exit {result.ExitCode}\n{result.StdOut}\n{result.StdErr}");

        // Where KVM works the disk boots (0); where /dev/kvm is unusable d2l refuses (2); where KVM is
        // present but broken, as on the CI machine, the guest stops early and the failure must name KVM.
        Assert.Contains(result.ExitCode, new[] { 0, 1, 2 });
        if (result.ExitCode == 1)
        {
            using var report = JsonDocument.Parse(result.StdOut);
            var failure = report.RootElement.GetProperty("failure");
            Assert.Equal("qemu_failed", failure.GetProperty("cause").GetString());
            Assert.StartsWith("KVM failed, not the disk: ", failure.GetProperty("summary").GetString());
        }
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
