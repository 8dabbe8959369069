using System.Diagnostics;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;
using Xunit.Abstractions;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// Images without an init boot into d2l's app init with the kernel template's kernel, and <c>d2l boot --app</c>
/// behaves as <c>docker run</c> does: the app's output on stdout, its exit status as d2l's, SIGINT as a stop
/// request. One boot per test, each checking what it can, because every boot under TCG takes tens of seconds.
/// </summary>
public class AppVmBootTests(ITestOutputHelper output)
{
    private const string Hostname = "appvm";
    private readonly TempDir _home = new();

    [Fact]
    public async Task A_static_hello_world_from_scratch_prints_its_greeting_and_d2l_boot_app_exits_0()
    {
        var clock = Stopwatch.StartNew();
        string disk = await BuildAsync(AppImages.HelloOciArchive);
        var built = clock.Elapsed;

        var boot = D2lProcess.RunAsNobody(_home, ["boot", "--app", disk, "--timeout", "120"]);

        output.WriteLine($"hello-world: build {built.TotalSeconds:0.0} s, build + boot + power-off {clock.Elapsed.TotalSeconds:0.0} s\n{boot.StdErr}");
        Assert.Equal((0, AppImages.Greeting + "\n"), (boot.ExitCode, boot.StdOut));
        Assert.Matches(@"stages: firmware [\d.]+ s, bootloader [\d.]+ s, kernel [\d.]+ s, init [\d.]+ s, app started [\d.]+ s, app exited [\d.]+ s",
            boot.StdErr);
    }

    [Fact]
    public async Task An_app_that_leaves_orphans_finds_no_zombie_left_and_its_exit_status_3_is_d2ls()
    {
        string disk = await BuildAsync(AppImages.ToolsOciArchive, "--entrypoint", "zombies");

        var boot = D2lProcess.RunAsNobody(_home, ["boot", "--app", disk, "--timeout", "120"]);

        Assert.Equal((3, "zombies: 0\n"), (boot.ExitCode, boot.StdOut));
    }

    [Fact]
    public async Task The_process_gets_exactly_the_environment_user_groups_and_working_directory_docker_run_would_give()
    {
        string disk = await BuildAsync(AppImages.ToolsOciArchive, "-e", "GREETING=replaced", "-e", "ADDED=a b", "--workdir", "/srv/other",
            "--run-as", "app", "--", "three", "4 5");

        var boot = D2lProcess.RunAsNobody(_home, ["boot", "--app", disk, "--timeout", "120"]);

        // docker run -e GREETING=replaced -e 'ADDED=a b' -w /srv/other -u app --hostname appvm app-tools three '4 5':
        // Entrypoint + the given Cmd; the image's PATH where it stands, HOSTNAME, the image's entries with GREETING
        // replaced in place, ADDED after them, HOME from app's passwd entry; the user's groups from /etc/group.
        Assert.Equal(0, boot.ExitCode);
        Assert.Equal("""
            argv: [/usr/local/bin/report] [three] [4 5]
            uid=1000(app) gid=1000(app) groups=1000(app),2000(extra)
            /srv/other
            PATH=/usr/local/bin:/bin
            HOSTNAME=appvm
            GREETING=replaced
            EMPTY=
            ADDED=a b
            HOME=/home/app

            """, boot.StdOut);
    }

    [Fact]
    public async Task SIGINT_to_d2l_stops_an_app_that_traps_SIGTERM_which_prints_term_and_d2l_exits_7()
    {
        string disk = await BuildAsync(AppImages.ToolsOciArchive, "--entrypoint", "trap-term");

        var (exitCode, stdout, _) = await StopWhenReadyAsync(disk);

        Assert.Equal((7, "ready\nterm\n"), (exitCode, stdout));
    }

    [Fact]
    public async Task An_app_that_ignores_SIGTERM_is_killed_after_its_stop_timeout_and_d2l_exits_137()
    {
        string disk = await BuildAsync(AppImages.ToolsOciArchive, "--entrypoint", "ignore-term", "--stop-timeout", "3");

        var (exitCode, stdout, stopped) = await StopWhenReadyAsync(disk);

        Assert.Equal((137, "ready\n"), (exitCode, stdout));
        Assert.InRange(stopped.TotalSeconds, 3, 20);
    }

    private async Task<string> BuildAsync(string archive, params string[] options)
    {
        string image = await AppImages.GetArchiveAsync(archive);
        string kernel = await KernelTemplate.GetArchiveAsync(KernelTemplate.OciArchive);
        string disk = _home.File("app.img");
        D2lProcess.RunAsNobody(_home, ["build", $"oci-archive:{image}", "-o", disk, "--kernel", $"oci-archive:{kernel}", "--hostname", Hostname,
            "-f", .. options]).EnsureSuccess("d2l build");
        return disk;
    }

    // Boots the disk, sends SIGINT to d2l once the app has printed "ready", and returns d2l's exit status, its stdout
    // and how long the app took to end after the signal.
    private async Task<(int ExitCode, string StdOut, TimeSpan Stopped)> StopWhenReadyAsync(string disk)
    {
        using var process = D2lProcess.StartAsNobody(_home, ["boot", "--app", disk, "--timeout", "120"]);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3)) ?? "";
            var clock = Stopwatch.StartNew();
            Tool.Run("kill", "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnsureSuccess("kill -INT");
            string rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            var stopped = clock.Elapsed;
            output.WriteLine(await stderr);
            return (process.ExitCode, first + "\n" + rest, stopped);
        }
        finally
        {
            // The app runs until it is stopped (the boot timeout ends only the wait for it to start), so a test
            // that failed must not leave its VM running beside the next tests.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
