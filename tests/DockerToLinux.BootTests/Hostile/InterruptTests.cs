using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Hostile;

/// <summary>
/// Ctrl-C (or a SIGTERM) in the middle of a real build: exit 128 + the signal, and the temporary disk beside the
/// target is gone. The build reads its layer from a registry through a proxy that stalls the layer after its
/// first megabyte, so the signal arrives while the build is provably under way, however fast the machine.
/// </summary>
public sealed class InterruptTests
{
    // More than the config blob (a few KiB), so only the layer stalls; less than the layer.
    private const long StallAfter = 1 << 20;

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_in_the_middle_of_a_build_exits_128_plus_its_number_and_removes_the_temporary_file(string signal, int exitCode)
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.BaseOciArchive);
        using var registry = LocalRegistry.Start();
        registry.Push($"oci-archive:{archive}", "base:1");
        using var proxy = new FaultyProxy(registry.Port) { FaultPath = "/blobs/", Faults = int.MaxValue, StallAfter = StallAfter };
        using var home = new TempDir();
        string folder = Refusal.OutputFolder(home);
        using var process = D2lProcess.StartAsNobody(home, ["build", $"docker://{proxy.Host}/base:1", "-o", Path.Combine(folder, "disk.img")]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // The layer stalls, and the build has written its temporary file beside the target: interrupt it there.
        await proxy.Stalled.WaitAsync(TimeSpan.FromMinutes(2));
        string? temporary = null;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (temporary is null && !process.HasExited && DateTime.UtcNow < deadline)
        {
            temporary = Directory.EnumerateFiles(folder).FirstOrDefault();
            await Task.Delay(50);
        }
        Assert.NotNull(temporary);
        Assert.StartsWith(".disk.img.d2l-", Path.GetFileName(temporary));
        Assert.False(process.HasExited, "the build ended while its layer was stalled");
        Tool.Run("kill", "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnsureSuccess("kill");
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"d2l did not stop after SIG{signal}");

        var result = new ToolResult(process.ExitCode, await stdout, await stderr);
        Refusal.Check(result, exitCode, folder, "interrupted");
    }
}
