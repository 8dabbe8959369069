using System.Diagnostics;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;
using Xunit.Abstractions;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// <c>d2l build … --boot-test</c> as a CI job runs it: the real program as nobody builds the Debian template
/// and boots it; the exit code says whether it booted, and the disk stays either way.
/// </summary>
public sealed class BuildBootTestTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _home = new();

    [Fact]
    public async Task A_build_with_boot_test_of_the_template_exits_0_and_keeps_the_disk()
    {
        string disk = _home.File("debian.img");

        var result = await BuildAsync(disk, "--boot-test");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"d2l: boot test: booting {disk}", result.StdErr);
        Assert.DoesNotContain("boot test failed", result.StdErr);
        Assert.True(new FileInfo(disk).Length > 0, "the disk is gone");
    }

    [Fact]
    public async Task A_build_whose_boot_test_times_out_exits_1_names_the_timeout_and_keeps_the_disk()
    {
        string disk = _home.File("debian-timeout.img");

        // No disk reaches a login prompt in 5 s under TCG, so this is a boot test that fails, cheaply.
        var result = await BuildAsync(disk, "--boot-test", "--boot-timeout", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timeout", result.StdErr);
        Assert.Contains($"d2l: boot test failed; {disk} is kept", result.StdErr);
        Assert.True(new FileInfo(disk).Length > 0, "the disk is gone");
    }

    private async Task<ToolResult> BuildAsync(string disk, params string[] extra)
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        var clock = Stopwatch.StartNew();
        var result = D2lProcess.RunAsNobody(_home, ["build", $"oci-archive:{archive}", "-o", disk, .. extra],
            timeout: TimeSpan.FromMinutes(12));
        output.WriteLine($"d2l build {string.Join(' ', extra)} -> exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(result.StdErr);
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _home.Dispose();
}
