using System.Diagnostics;
using System.Globalization;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;
using Xunit.Abstractions;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// <c>d2l run</c> as a user runs it, as <c>nobody</c> with its cache under the test's HOME: the app's output alone on
/// stdout, its exit status as d2l's, the disk built once and found again, stdin with <c>-i</c>, a server reached
/// through <c>-p</c> and stopped by SIGINT. One boot per check that needs one, under TCG tens of seconds each.
/// </summary>
public class RunBootTests(ITestOutputHelper output)
{
    private readonly TempDir _home = new();

    [Fact]
    public async Task Hello_world_prints_only_its_greeting_exits_0_and_a_second_run_boots_the_cached_disk_without_a_build()
    {
        string image = await AppImages.GetArchiveAsync(AppImages.HelloOciArchive);
        string[] run = ["run", "--verbose", $"oci-archive:{image}", "--kernel", await KernelAsync()];

        var (cold, coldTime) = Timed(() => D2lProcess.RunAsNobody(_home, run));
        var (cached, cachedTime) = Timed(() => D2lProcess.RunAsNobody(_home, run));

        output.WriteLine($"cold run {coldTime.TotalSeconds:0.0} s, cached run {cachedTime.TotalSeconds:0.0} s\n{cold.StdErr}\n{cached.StdErr}");
        Assert.Equal((0, AppImages.Greeting + "\n"), (cold.ExitCode, cold.StdOut));
        Assert.Equal((0, AppImages.Greeting + "\n"), (cached.ExitCode, cached.StdOut));
        Assert.Matches(@"disk \S+\.qcow2: built in [\d.]+ s", cold.StdErr);
        Assert.Matches(@"disk \S+\.qcow2: found in the cache, no build", cached.StdErr);
        Assert.Single(Directory.GetFiles(Path.Combine(_home.Path, ".cache", "d2l", "run"), "*.qcow2"));
    }

    [Fact]
    public async Task An_interactive_app_reads_a_line_from_stdin_echoes_it_and_its_exit_status_3_is_d2ls()
    {
        string image = await AppImages.GetArchiveAsync(AppImages.ToolsOciArchive);
        using var process = D2lProcess.StartAsNobody(_home, ["run", "-i", $"oci-archive:{image}", "--kernel", await KernelAsync(),
            "--entrypoint", "sh", "--", "-c", "read line; echo \"read: $line\"; exit 3"], redirectInput: true);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync("a line from the host\n");
        process.StandardInput.Close();

        string stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        output.WriteLine(await stderr);
        Assert.Equal((3, "read: a line from the host\n"), (process.ExitCode, stdout));
    }

    [Fact]
    public async Task Nginx_serves_its_page_through_a_published_port_and_SIGINT_stops_it_and_d2l()
    {
        string image = await RunImages.GetArchiveAsync(RunImages.NginxOciArchive);
        int port = LocalRegistry.FreePort();
        string url = $"http://127.0.0.1:{port}/";
        string kernel = await KernelAsync();
        // The time to the first answer includes the build, which --verbose reports on its own.
        var clock = Stopwatch.StartNew();
        using var process = D2lProcess.StartAsNobody(_home, ["run", "--verbose", $"oci-archive:{image}", "--kernel", kernel,
            "-p", $"127.0.0.1:{port}:80"]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        string? page = null;
        while (page is null && clock.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
        {
            var curl = Tool.Run("curl", ["-sf", "--max-time", "2", url]);
            page = curl.ExitCode == 0 ? curl.StdOut : null;
            if (page is null)
            {
                await Task.Delay(500);
            }
        }
        var answered = clock.Elapsed;
        Tool.Run("kill", "-INT", process.Id.ToString(CultureInfo.InvariantCulture)).EnsureSuccess("kill -INT");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        output.WriteLine($"nginx answered {answered.TotalSeconds:0.0} s after d2l run started\n{await stderr}");
        // nginx's stop signal is SIGQUIT, its graceful stop, after which it exits 0.
        Assert.Equal((RunImages.NginxPage + "\n", 0, ""), (page, process.ExitCode, await stdout));
    }

    private static async Task<string> KernelAsync() => $"oci-archive:{await KernelTemplate.GetArchiveAsync(KernelTemplate.OciArchive)}";

    private static (ToolResult Result, TimeSpan Time) Timed(Func<ToolResult> run)
    {
        var clock = Stopwatch.StartNew();
        var result = run();
        return (result, clock.Elapsed);
    }
}
