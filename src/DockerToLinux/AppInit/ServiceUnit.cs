using System.Globalization;
using System.Text;

namespace DockerToLinux.AppInit;

/// <summary>
/// The systemd unit that runs the image's process as a service of the image's own systemd (<c>--service</c>):
/// started at boot once the network is up, with the process's argv, environment, working directory and user
/// as a container runtime gives them, restarted when it fails, its output in the journal and on the console.
/// </summary>
internal static class ServiceUnit
{
    /// <summary>The unit's name, which <c>systemctl</c> takes.</summary>
    public const string Name = "d2l-app.service";

    /// <summary>Where the unit is written: the administrator's units, which outrank packaged ones.</summary>
    public const string Path = "/etc/systemd/system/" + Name;

    /// <summary>The target whose wants link starts the unit at boot.</summary>
    public const string WantedBy = "multi-user.target";

    // Variables systemd adds to a service's environment that a container's process does not get (TERM because the
    // output also goes to the console). They are removed unless the configuration sets them itself, so the process
    // sees exactly Docker's environment.
    private static readonly string[] SystemdVariables =
        ["USER", "LOGNAME", "SHELL", "LANG", "TERM", "INVOCATION_ID", "JOURNAL_STREAM", "SYSTEMD_EXEC_PID",
            "MEMORY_PRESSURE_WATCH", "MEMORY_PRESSURE_WRITE"];

    /// <summary>The unit's text.</summary>
    /// <exception cref="D2lException">An environment name systemd does not accept (it would drop the entry
    /// without failing), a NUL in a value, or a working directory the unit cannot carry.</exception>
    public static string Text(AppLaunch launch)
    {
        var spec = launch.Spec;
        var user = launch.User;
        var environment = EnvironmentEntries.ForProcess(spec.Env, launch.Hostname, user.Home);
        foreach (string entry in environment)
        {
            CheckName(EnvironmentEntries.NameOf(entry));
        }
        var text = new StringBuilder();
        text.Append("# Written by d2l (--service): the image's process, run as a container runtime would run it.\n");
        text.Append("[Unit]\n");
        text.Append("Description=The image's process (d2l --service)\n");
        text.Append("Wants=network-online.target\n");
        text.Append("After=network-online.target\n");
        text.Append('\n');
        text.Append("[Service]\n");
        // exec: the start succeeds only once the program is executed, so a missing or unrunnable program
        // fails the unit instead of counting as started.
        text.Append("Type=exec\n");
        // '@' gives argv[0] as configured while the path executed is the one resolved through the image's PATH.
        text.Append("ExecStart=@").Append(UnitQuote.Argument(launch.Executable));
        foreach (string argument in spec.Argv)
        {
            text.Append(' ').Append(UnitQuote.Argument(argument));
        }
        text.Append('\n');
        text.Append("WorkingDirectory=").Append(UnitQuote.Path(spec.WorkingDir)).Append('\n');
        AppendUser(text, user);
        text.Append("Environment=").AppendJoin(' ', environment.Select(UnitQuote.EnvironmentEntry)).Append('\n');
        var added = SystemdVariables.Where(name => EnvironmentEntries.Value(environment, name) is null).ToList();
        text.Append("UnsetEnvironment=").AppendJoin(' ', added).Append('\n');
        text.Append("KillSignal=").Append(Number(spec.StopSignal)).Append('\n');
        // systemd reads 0 as no timeout at all, where Docker's 0 means SIGKILL at once.
        text.Append("TimeoutStopSec=").Append(launch.StopTimeoutSeconds > 0 ? Number(launch.StopTimeoutSeconds) : "1ms").Append('\n');
        text.Append("Restart=on-failure\n");
        // A second between attempts keeps a program that fails at once from spinning the CPU.
        text.Append("RestartSec=1\n");
        text.Append("StandardOutput=journal+console\n");
        text.Append("StandardError=inherit\n");
        text.Append('\n');
        text.Append("[Install]\n");
        text.Append("WantedBy=").Append(WantedBy).Append('\n');
        return text.ToString();
    }

    // A user with an account runs under its name, so systemd gives it the account's primary group and every
    // group listing it, as Docker does (the list is also written out, because systemd reads the memberships only
    // for a primary group other than 0). An explicit group is named, with the user's number.
    private static void AppendUser(StringBuilder text, RunAsUser user)
    {
        string name = user.Account is { } account && !account.All(char.IsAsciiDigit) ? account : Number(user.Uid);
        text.Append("User=").Append(name).Append('\n');
        if (user.Account is null)
        {
            text.Append("Group=").Append(Number(user.Gid)).Append('\n');
        }
        if (user.Groups.Count > 1)
        {
            text.Append("SupplementaryGroups=").AppendJoin(' ', user.Groups.Skip(1).Select(Number)).Append('\n');
        }
    }

    // systemd drops an Environment= entry whose name is not a shell variable name, with only a log line.
    private static void CheckName(string name)
    {
        if (char.IsAsciiDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw D2lException.BadSetting(Setting.Service,
                $"systemd cannot set the environment variable '{name}' (a name is letters, digits and '_', not starting with a digit)");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
