using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>
/// The Debian template built straight into a registry as a KubeVirt containerDisk by the real d2l as nobody:
/// the memory of that and of d2l push of the same disk built raw, the disk a cluster would pull (owner, qemu-img check, equal to a raw build) and that disk booting.
/// </summary>
public sealed class ContainerDiskDebianTests(ITestOutputHelper output) : IDisposable
{
    private const string Epoch = "1700000000";
    private const long MemoryLimitKiB = 256 * 1024;
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_template_built_as_a_containerdisk_or_pushed_from_a_raw_build_stays_under_256_MiB_and_its_pulled_disk_equals_the_raw_build_and_boots()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var registry = LocalRegistry.Start();
        var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = Epoch };
        string reference = $"docker://{registry.Host}/vms/debian:1";

        var clock = Stopwatch.StartNew();
        var (pushed, peakKiB) = D2lProcess.RunAsNobodyMeasured(_temp, ["build", $"oci-archive:{archive}", "-o", reference, "--containerdisk"], environment);
        clock.Stop();
        pushed.EnsureSuccess("d2l build --containerdisk");
        D2lProcess.RunAsNobody(_temp, ["build", $"oci-archive:{archive}", "-o", _temp.File("raw.img")], environment).EnsureSuccess("d2l build raw");
        var pushClock = Stopwatch.StartNew();
        var (pushedRaw, pushPeakKiB) = D2lProcess.RunAsNobodyMeasured(_temp, ["push", _temp.File("raw.img"), $"docker://{registry.Host}/vms/pushed:1"],
            environment);
        pushClock.Stop();
        pushedRaw.EnsureSuccess("d2l push of the raw build");
        output.WriteLine($"{pushed.StdOut.Trim()}\nbuild and push {clock.Elapsed.TotalSeconds:0.0} s, peak resident memory {peakKiB / 1024} MiB");
        output.WriteLine($"{pushedRaw.StdOut.Trim()}\npush of the raw disk (converted to qcow2) {pushClock.Elapsed.TotalSeconds:0.0} s, "
            + $"peak resident memory {pushPeakKiB / 1024} MiB");
        Assert.True(peakKiB < MemoryLimitKiB, $"d2l build --containerdisk peaked at {peakKiB} KiB");
        Assert.True(pushPeakKiB < MemoryLimitKiB, $"d2l push peaked at {pushPeakKiB} KiB");

        string inspected = Tool.Run("skopeo", "inspect", "--tls-verify=false", reference).EnsureSuccess("skopeo inspect").StdOut;
        using (var document = JsonDocument.Parse(inspected))
        {
            Assert.Equal("amd64", document.RootElement.GetProperty("Architecture").GetString());
            Assert.Equal(1, document.RootElement.GetProperty("Layers").GetArrayLength());
        }
        var image = ContainerDiskImageFiles.Pull(_temp, reference, "debian");
        Assert.Matches(@"^dr-xr-xr-x 107/107 +0 .* disk/\n-r--r----- 107/107 +\d+ .* disk/disk\.qcow2\n$", image.Listing);
        string disk = Path.Combine(image.Folder, "disk/disk.qcow2");
        Tool.Run("qemu-img", "check", disk).EnsureSuccess("qemu-img check");
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", _temp.File("raw.img"), disk).EnsureSuccess("qemu-img compare");

        File.Delete(_temp.File("raw.img"));
        File.SetUnixFileMode(disk, (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(Path.Combine(image.Folder, "disk"), (UnixFileMode)0b111_101_101);
        var boot = D2lProcess.RunAsNobody(_temp, ["boot", disk, "--timeout", "300", "--json"], timeout: TimeSpan.FromMinutes(10));
        output.WriteLine(boot.StdOut);
        Assert.Equal(0, boot.ExitCode);
        using var report = JsonDocument.Parse(boot.StdOut);
        Assert.True(report.RootElement.GetProperty("stages").TryGetProperty("login_prompt", out _), boot.StdOut);
    }

    public void Dispose() => _temp.Dispose();
}
