using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Hostile;

/// <summary>
/// Ctrl-C (or a SIGTERM) in the middle of a real build: exit 128 + the signal, and the temporary disk beside the
/// target is gone.
/// </summary>
public class InterruptTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_in_the_middle_of_a_build_exits_128_plus_its_number_and_removes_the_temporary_file(string signal, int exitCode)
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var home = new TempDir();
        string folder = Refusal.OutputFolder(home);
        using var process = D2lProcess.StartAsNobody(home, ["build", $"oci-archive:{archive}", "-o", Path.Combine(folder, "disk.img")]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Wait until the build writes its temporary file beside the target, then interrupt it.
        string? temporary = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (temporary is null && !process.HasExited && DateTime.UtcNow < deadline)
        {
            temporary = Directory.EnumerateFiles(folder).FirstOrDefault();
            await Task.Delay(50);
        }
        Assert.NotNull(temporary);
        Assert.StartsWith(".disk.img.d2l-", Path.GetFileName(temporary));
        await Task.Delay(300);
        Assert.False(process.HasExited, "the build ended before it could be interrupted");
        Tool.Run("kill", "-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnsureSuccess("kill");
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"d2l did not stop after SIG{signal}");

        var result = new ToolResult(process.ExitCode, await stdout, await stderr);
        Refusal.Check(result, exitCode, folder, "interrupted");
    }
}
