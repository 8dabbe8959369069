using System.Globalization;
using System.Text;

namespace DockerToLinux.AppInit;

/// <summary>
/// The OpenRC service that runs the image's process under the image's own OpenRC (<c>--service</c>): started in
/// the default runlevel, supervised by <c>supervise-daemon</c> (which starts it again when it exits), with the
/// process's argv, environment, working directory and user as a container runtime gives them, its output on
/// the console.
/// </summary>
/// <remarks>
/// OpenRC hands its settings to <c>supervise-daemon</c> through <c>eval</c>, so each setting holds a reference
/// to a variable (<c>"$d2l_arg1"</c>) that the script assigns as a single-quoted shell word: the eval reads the
/// reference, and the variable's value reaches the process byte for byte whatever it holds.
/// </remarks>
internal static class OpenRcService
{
    /// <summary>The service's name, which <c>rc-service</c> takes.</summary>
    public const string Name = "d2l-app";

    /// <summary>Where the script is written.</summary>
    public const string Path = "/etc/init.d/" + Name;

    /// <summary>The runlevel link that starts the service at boot.</summary>
    public const string RunlevelLink = "/etc/runlevels/default/" + Name;

    // supervise-daemon sends SIGKILL this long after the stop timeout if the process is still there.
    private const int KillWaitSeconds = 5;

    /// <summary>The script's text.</summary>
    /// <exception cref="D2lException">A NUL in an argument or environment entry.</exception>
    public static string Script(AppLaunch launch)
    {
        var spec = launch.Spec;
        var user = launch.User;
        var environment = EnvironmentEntries.ForProcess(spec.Env, launch.Hostname, user.Home);
        var text = new StringBuilder();
        text.Append("#!/sbin/openrc-run\n");
        text.Append("# Written by d2l (--service): the image's process, run as a container runtime would run it.\n");
        text.Append("description=\"The image's process (d2l --service)\"\n");
        Assign(text, "d2l_program", launch.Executable);
        Assign(text, "d2l_directory", spec.WorkingDir);
        // By account name, supervise-daemon sets the groups that list the account, as Docker does; by
        // uid:gid, the group alone, as Docker does for an explicit group.
        Assign(text, "d2l_user", user.Account is { } account && !account.All(char.IsAsciiDigit)
            ? account : $"{Number(user.Uid)}:{Number(user.Gid)}");
        for (int index = 1; index < spec.Argv.Count; index++)
        {
            Assign(text, $"d2l_arg{Number(index)}", spec.Argv[index]);
        }
        for (int index = 0; index < environment.Count; index++)
        {
            Assign(text, $"d2l_env{Number(index)}", environment[index]);
        }
        text.Append("supervisor=supervise-daemon\n");
        text.Append("command='\"$d2l_program\"'\n");
        text.Append("command_args='")
            .AppendJoin(' ', Enumerable.Range(1, spec.Argv.Count - 1).Select(index => $"\"$d2l_arg{Number(index)}\""))
            .Append("'\n");
        text.Append("directory='\"$d2l_directory\"'\n");
        text.Append("command_user='\"$d2l_user\"'\n");
        // --env entries are applied after --user, so HOME is Docker's and not the one supervise-daemon sets.
        text.Append("supervise_daemon_args='")
            .AppendJoin(' ', Enumerable.Range(0, environment.Count).Select(index => $"--env \"$d2l_env{Number(index)}\""))
            .Append("'\n");
        text.Append("output_log=/dev/console\n");
        text.Append("error_log=/dev/console\n");
        text.Append("respawn_delay=1\n");
        text.Append("retry=").Append(RetrySchedule(spec.StopSignal, launch.StopTimeoutSeconds)).Append('\n');
        text.Append('\n');
        text.Append("depend() {\n");
        text.Append("\twant net\n");
        text.Append("\tafter net\n");
        text.Append("}\n");
        return text.ToString();
    }

    // OpenRC reads a schedule item that starts with a digit as a timeout, so the signal's number is written after
    // a '-'; a timeout below 1 ends the schedule without SIGKILL, so Docker's 0 (kill at once) leaves it out.
    private static string RetrySchedule(int signal, int timeoutSeconds) =>
        $"-{Number(signal)}/" + (timeoutSeconds > 0 ? $"{Number(timeoutSeconds)}/" : string.Empty) + $"KILL/{Number(KillWaitSeconds)}";

    private static void Assign(StringBuilder text, string variable, string value) =>
        text.Append(variable).Append('=').Append(ShellQuote.Word(value)).Append('\n');

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
