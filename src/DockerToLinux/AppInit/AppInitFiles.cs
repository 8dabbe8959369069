using System.Globalization;
using System.Text;

namespace DockerToLinux.AppInit;

/// <summary>
/// The generated files of the app init: <c>/.d2l/settings</c>, which PID 1 reads, and <c>/.d2l/app</c>, the
/// script that becomes the app. Every value is quoted as one shell word (<see cref="ShellQuote"/>), so any
/// argument or environment value reaches the app byte for byte.
/// </summary>
internal static class AppInitFiles
{
    /// <summary>The folder of the app init in the disk.</summary>
    public const string Folder = "/.d2l";

    /// <summary>The static busybox that runs every script.</summary>
    public const string Busybox = Folder + "/busybox";

    // A pid file that never exists and that every user may look for: start-stop-daemon starts a program only when
    // no running process matches all its conditions, and this one matches none, so it never refuses because
    // busybox itself is running.
    private const string NoPidFile = "/proc/d2l-no-pid";

    /// <summary>The text of <c>/.d2l/settings</c>.</summary>
    public static string Settings(AppLaunch launch) => string.Join('\n',
        "# Written by d2l for /.d2l/init: what was decided when the disk was built.",
        "hostname=" + ShellQuote.Word(launch.Hostname),
        "stop_signal=" + launch.Spec.StopSignal.ToString(CultureInfo.InvariantCulture),
        "stop_timeout=" + launch.StopTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        "tmpfs_run=" + (launch.TmpfsOnRun ? "1" : "0"),
        "tmpfs_tmp=" + (launch.TmpfsOnTmp ? "1" : "0"),
        "control_port=" + ShellQuote.Word(launch.ControlPort),
        "status_port=" + ShellQuote.Word(launch.StatusPort),
        string.Empty);

    /// <summary>
    /// The text of <c>/.d2l/app</c>: it records its pid (which the app keeps, every step being an
    /// <c>exec</c>), enters the working directory and execs a chain of busybox applets that ends in the app:
    /// <c>env -i</c> sets exactly the process's environment; <c>start-stop-daemon -c</c> sets the groups and
    /// ids (by account name, which makes busybox's <c>initgroups</c> read the same memberships d2l read, or by
    /// group id alone, followed by <c>nsenter -S</c> for the user id, when the groups are the primary group
    /// only); the last <c>start-stop-daemon</c> execs the resolved path with argv[0] as configured (<c>-a</c>).
    /// </summary>
    public static string App(AppLaunch launch)
    {
        var spec = launch.Spec;
        var user = launch.User;
        var environment = EnvironmentEntries.ForProcess(spec.Env, launch.Hostname, user.Home);
        var chain = new List<string> { Busybox, "env", "-i", "--" };
        chain.AddRange(environment);
        chain.AddRange([Busybox, "start-stop-daemon", "-S", "-p", NoPidFile]);
        if (user.Account is { } account)
        {
            chain.AddRange(["-c", account.All(char.IsAsciiDigit) ? Id(user.Uid) : account]);
        }
        else
        {
            chain.AddRange(["-c", ":" + Id(user.Gid)]);
            if (user.Uid != 0)
            {
                chain.AddRange(["-a", "nsenter", "-x", Busybox, "--", "-S", Id(user.Uid), Busybox, "start-stop-daemon", "-S", "-p", NoPidFile]);
            }
        }
        chain.AddRange(["-a", spec.Argv[0], "-x", launch.Executable, "--"]);
        chain.AddRange(spec.Argv.Skip(1));
        var text = new StringBuilder();
        text.Append("#!/.d2l/busybox sh\n");
        text.Append("# Written by d2l: becomes the image's process, as a container runtime would start it.\n");
        if (launch.ConsoleInput)
        {
            // The console's line discipline would echo what the host sends into the app's output; a pipe, which is
            // what docker run -i gives, echoes nothing. The line stays canonical, so the host's ^D is end of file.
            // The host holds its input until this line says the echo is off.
            text.Append("/.d2l/busybox stty -echo\n");
            text.Append("echo input >>").Append(ShellQuote.Word(launch.StatusPort)).Append('\n');
            text.Append("exec 2>&4 4>&-\n");
        }
        else
        {
            text.Append("exec </dev/null 2>&4 4>&-\n");
        }
        text.Append("echo $$ >/.d2l/run/app.pid\n");
        text.Append("cd ").Append(ShellQuote.Word(spec.WorkingDir)).Append(" || exit 125\n");
        text.Append("exec ").Append(ShellQuote.Words(chain)).Append('\n');
        return text.ToString();
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
