using System.Diagnostics;
using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class AppInitSandboxTests
{
    private static AppLaunch Launch(IReadOnlyList<string> argv, string executable, RunAsUser user, IReadOnlyList<string>? env = null, int stopTimeout = 10) =>
        new(new RunSpec(argv, env ?? [], "/work", "", 15), user, executable, "apphost", stopTimeout, TmpfsOnRun: true, TmpfsOnTmp: false);

    private static readonly RunAsUser App = new(1000, 1000, [1000, 2000], "/home/app", "app");

    [Fact]
    public void The_app_gets_its_argv_environment_directory_identity_and_host_name_exactly()
    {
        using var sandbox = new InitSandbox();
        string[] argv = ["sh", "-c", "tr '\\0' '\\n' </proc/$$/cmdline | head -n 1; printf '[%s]' \"$0\" \"$@\"; echo; tr '\\0' '\\n' </proc/$$/environ; pwd; id; hostname; [ \"$(grep SigIgn /proc/1/status)\" = \"$(grep SigIgn /proc/$$/status)\" ] && echo signals as pid 1 had them; ls /proc/self/fd | tr '\\n' ' '",
            "it's", "$HOME", "a\\b\nc", ""];
        sandbox.Prepare(Launch(argv, "/bin/busybox", App, ["QUOTE=\"x\" 'y' $z"]));
        var result = sandbox.Run().EnsureSuccess("the init");
        Assert.Equal("""
            sh
            [it's][$HOME][a\b
            c][]
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            HOSTNAME=apphost
            QUOTE="x" 'y' $z
            HOME=/home/app
            /work
            uid=1000(app) gid=1000(app) groups=1000(app),2000(extra)
            apphost
            signals as pid 1 had them
            0 1 2 3 
            """, result.StdOut);
        Assert.Equal("init\nstarted\nexit 0\n", sandbox.Status);
    }

    [Fact]
    public void A_numeric_user_without_an_account_runs_with_only_its_group()
    {
        using var sandbox = new InitSandbox();
        sandbox.Prepare(Launch(["id"], "/bin/busybox", new RunAsUser(4321, 55, [55], "/", null)));
        Assert.Equal("uid=4321 gid=55 groups=55\n", sandbox.Run().EnsureSuccess("the init").StdOut);
    }

    [Fact]
    public void The_apps_exit_status_is_the_inits_and_is_reported()
    {
        using var sandbox = new InitSandbox();
        sandbox.Prepare(Launch(["sh", "-c", "exit 3"], "/bin/busybox", App));
        Assert.Equal(3, sandbox.Run().ExitCode);
        Assert.Equal("init\nstarted\nexit 3\n", sandbox.Status);
    }

    [Fact]
    public void A_stop_request_sends_the_stop_signal_to_the_app()
    {
        using var sandbox = new InitSandbox();
        sandbox.Prepare(Launch(["sh", "-c", "trap 'echo term; exit 7' TERM; touch /work/ready; while :; do sleep 0.1; done"], "/bin/busybox", App));
        var result = sandbox.Run(s => s.StopWhenReady("work/ready"));
        Assert.Equal((7, "term\n", ""), (result.ExitCode, result.StdOut, result.StdErr));
        Assert.Equal("init\nstarted\nexit 7\n", sandbox.Status);
    }

    [Fact]
    public void An_app_that_ignores_the_stop_signal_is_killed_after_the_stop_timeout()
    {
        using var sandbox = new InitSandbox();
        sandbox.Prepare(Launch(["sh", "-c", "trap '' TERM; touch /work/ready; while :; do sleep 0.1; done"], "/bin/busybox", App, stopTimeout: 2));
        var clock = Stopwatch.StartNew();
        var result = sandbox.Run(s => s.StopWhenReady("work/ready"));
        Assert.Equal((137, ""), (result.ExitCode, result.StdErr));
        Assert.InRange(clock.Elapsed.TotalSeconds, 2, 20);
    }

    [Fact]
    public void Orphans_the_app_leaves_are_reaped_while_it_runs()
    {
        using var sandbox = new InitSandbox();
        sandbox.Prepare(Launch(["sh", "-c", "(sleep 0.2 & sleep 0.3 & exec sleep 0.1); sleep 1; ps -o stat,comm | grep -c '^Z'; true"], "/bin/busybox", App));
        var result = sandbox.Run();
        Assert.Equal("0\n", result.StdOut);
        Assert.Equal(0, result.ExitCode);
    }
}
