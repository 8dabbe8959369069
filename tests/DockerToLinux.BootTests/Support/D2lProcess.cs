using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// Runs the real <c>d2l</c> program the way a user would, as the unprivileged user <c>nobody</c>: the build
/// output is copied once per test run into a world-readable folder, and HOME points into the test's own
/// temporary folder, never under /root.
/// </summary>
public static class D2lProcess
{
    private static readonly Lazy<string[]> Program = new(CopyProgram);

    /// <summary>Runs <c>d2l ARGS</c> as <c>nobody</c> with <paramref name="home"/> as HOME and working folder.</summary>
    public static ToolResult RunAsNobody(TempDir home, IEnumerable<string> args,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Tool.Run("setpriv", NobodyCommand(home, args, environment), stdin: null, workingDirectory: home.Path,
            timeout: timeout ?? TimeSpan.FromMinutes(15));

    /// <summary>
    /// Runs <c>d2l ARGS</c> as <c>nobody</c> under GNU time and returns the result with the process's peak
    /// resident memory (time's "Maximum resident set size", in KiB), which setpriv and env hand on by exec.
    /// </summary>
    public static (ToolResult Result, long PeakKiB) RunAsNobodyMeasured(TempDir home, IEnumerable<string> args,
        IDictionary<string, string>? environment = null)
    {
        string report = home.File("time-v.txt");
        var result = Tool.Run("/usr/bin/time", ["-v", "-o", report, "setpriv", .. NobodyCommand(home, args, environment)], stdin: null,
            workingDirectory: home.Path, timeout: TimeSpan.FromMinutes(15));
        string line = File.ReadAllLines(report).Single(text => text.Contains("Maximum resident set size", StringComparison.Ordinal));
        return (result, long.Parse(line[(line.LastIndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Starts <c>d2l ARGS</c> as <c>nobody</c> without waiting, stdout and stderr redirected (stdin too when
    /// <paramref name="redirectInput"/>), for tests that signal it or type into it.
    /// setpriv and env exec, so the process id is d2l's own.
    /// </summary>
    public static System.Diagnostics.Process StartAsNobody(TempDir home, IEnumerable<string> args, bool redirectInput = false)
    {
        var info = new System.Diagnostics.ProcessStartInfo("setpriv")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Path,
        };
        foreach (string arg in NobodyCommand(home, args, null))
        {
            info.ArgumentList.Add(arg);
        }
        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("cannot start setpriv");
    }

    // env --default-signal=INT: a test runner started in the background of a non-interactive shell has SIGINT
    // ignored, which every child inherits (and .NET keeps an inherited ignore), so the tests that press Ctrl-C
    // would test the shell that started them instead of d2l.
    private static string[] NobodyCommand(TempDir home, IEnumerable<string> args, IDictionary<string, string>? environment) =>
    [
        "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
        "env", "--default-signal=INT", $"HOME={home.Path}", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1",
        .. (environment ?? new Dictionary<string, string>()).Select(pair => $"{pair.Key}={pair.Value}"),
        .. Program.Value, .. args,
    ];

    /// <summary>Runs <c>d2l ARGS</c> as the current user (root in CI), for commands that need no isolation.</summary>
    public static ToolResult Run(IEnumerable<string> args, TimeSpan? timeout = null) =>
        Tool.Run(Program.Value[0], [.. Program.Value[1..], .. args], stdin: null, timeout: timeout ?? TimeSpan.FromMinutes(15));

    // D2L_PROGRAM names the native d2l that .ci/setup publishes (what users install); without it, the test's bin
    // folder holds d2l.dll with its dependencies. Either may sit under a 0700 folder (a clone in /root or
    // mktemp -d), where nobody could not reach it, so it is copied first.
    private static string[] CopyProgram()
    {
        string folder = Directory.CreateDirectory(Path.Combine(TestRunFolder.Root, "d2l-program")).FullName;
        string? native = Environment.GetEnvironmentVariable("D2L_PROGRAM");
        var files = string.IsNullOrEmpty(native) ? Directory.EnumerateFiles(AppContext.BaseDirectory) : [native];
        foreach (string file in files)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        return string.IsNullOrEmpty(native)
            ? ["dotnet", Path.Combine(folder, "d2l.dll")]
            : [Path.Combine(folder, Path.GetFileName(native))];
    }
}
