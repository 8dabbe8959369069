namespace DockerToLinux.Accounts;

/// <summary>
/// Fresh SSH host keys per machine: the image's keys are removed and the image's own <c>ssh-keygen -A</c>
/// makes the missing ones at first boot, before sshd starts. Debian's ssh.service runs <c>sshd -t</c> first,
/// which fails without keys, and its sysvinit script does the same; Fedora's sshd-keygen and Alpine's
/// OpenRC script make keys themselves, and the unit below then finds nothing to do.
/// </summary>
internal static class SshHostKeys
{
    /// <summary>The directory that holds the host keys.</summary>
    public const string Directory = "/etc/ssh";

    /// <summary>The systemd unit's name.</summary>
    public const string UnitName = "d2l-ssh-keygen.service";

    /// <summary>The sysvinit script's name in /etc/init.d.</summary>
    public const string ScriptName = "d2l-ssh-keygen";

    /// <summary>The sysvinit script's path.</summary>
    public const string InitScriptPath = "/etc/init.d/" + ScriptName;

    /// <summary>The names distributions give their sshd's sysvinit script, which must start after the keys exist.</summary>
    public static readonly IReadOnlyList<string> SshdScripts = ["ssh", "sshd"];

    /// <summary>True for the names of host key files (<c>ssh_host_*_key</c> and <c>.pub</c>).</summary>
    public static bool IsHostKey(string name) =>
        name.StartsWith("ssh_host_", StringComparison.Ordinal)
        && (name.EndsWith("_key", StringComparison.Ordinal) || name.EndsWith("_key.pub", StringComparison.Ordinal));

    /// <summary>
    /// The first-boot unit. It orders itself without default dependencies (after the root is writable) so that
    /// it can run before ssh.socket as well as before ssh.service without an ordering cycle through sockets.target.
    /// </summary>
    public static string Unit(string sshKeygen) =>
        "# Written by d2l: each machine made from this disk makes its own SSH host keys at first boot.\n"
        + "[Unit]\n"
        + "Description=Generate missing SSH host keys\n"
        + "DefaultDependencies=no\n"
        + "After=local-fs.target\n"
        + "Before=ssh.service sshd.service ssh.socket sshd.socket shutdown.target\n"
        + "Conflicts=shutdown.target\n"
        + "ConditionPathExistsGlob=!/etc/ssh/ssh_host_*_key\n"
        + "\n[Service]\n"
        + "Type=oneshot\n"
        + "RemainAfterExit=yes\n"
        + $"ExecStart={sshKeygen} -A\n"
        + "\n[Install]\n"
        + "WantedBy=multi-user.target sockets.target\n";

    /// <summary>The sysvinit script, linked to run before the ssh script in runlevels 2 to 5.</summary>
    public static string InitScript(string sshKeygen) =>
        "#!/bin/sh\n"
        + "### BEGIN INIT INFO\n"
        + $"# Provides:          {ScriptName}\n"
        + "# Required-Start:    $local_fs\n"
        + "# Required-Stop:\n"
        + $"# X-Start-Before:    {string.Join(' ', SshdScripts)}\n"
        + "# Default-Start:     2 3 4 5\n"
        + "# Default-Stop:\n"
        + "# Short-Description: Generate missing SSH host keys (written by d2l)\n"
        + "### END INIT INFO\n"
        + "case \"$1\" in\n"
        + $"  start) {sshKeygen} -A ;;\n"
        + "esac\n"
        + "exit 0\n";
}
