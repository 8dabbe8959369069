namespace DockerToLinux.Accounts;

/// <summary>Removes the image's SSH host keys and installs the first-boot key generation for its init.</summary>
internal static class HostKeyWriter
{
    private const int ExecutableMode = 0b111_101_101;
    private const int PublicMode = 0b110_100_100;

    /// <summary>Does nothing for an image without sshd.</summary>
    public static async Task WriteAsync(TreeWriter writer, List<string> notes)
    {
        if (ImageSystem.Sshd(writer.Tree) is null)
        {
            return;
        }
        foreach (string name in ImageSystem.List(writer.Tree, SshHostKeys.Directory).Where(SshHostKeys.IsHostKey).ToList())
        {
            writer.Remove($"{SshHostKeys.Directory}/{name}");
        }
        string? keygen = ImageSystem.FirstFile(writer.Tree, "/usr/bin/ssh-keygen", "/bin/ssh-keygen");
        if (keygen is null)
        {
            notes.Add("no first-boot host key generation: the image has sshd but no ssh-keygen");
            return;
        }
        switch (ImageSystem.Init(writer.Tree))
        {
            case InitSystem.Systemd:
                string unit = $"{ImageSystem.LocalUnitDirectory}/{SshHostKeys.UnitName}";
                await writer.WriteTextAsync(unit, SshHostKeys.Unit(keygen), PublicMode, PublicMode).ConfigureAwait(false);
                writer.Enable("multi-user.target", unit);
                writer.Enable("sockets.target", unit);
                break;
            case InitSystem.SysV:
                await writer.WriteTextAsync(SshHostKeys.InitScriptPath, SshHostKeys.InitScript(keygen), ExecutableMode, ExecutableMode)
                    .ConfigureAwait(false);
                // "S01" and the name sort before Debian's S01ssh, so a sequential rc runs it first.
                foreach (int level in new[] { 2, 3, 4, 5 })
                {
                    writer.Link($"/etc/rc{level}.d/S01d2l-ssh-keygen", "../init.d/d2l-ssh-keygen");
                }
                // Under insserv's parallel start the links are not read: sshd would start with no host keys and exit.
                await InsservDepend.AddTargetAsync(writer, SshHostKeys.ScriptName, SshHostKeys.SshdScripts).ConfigureAwait(false);
                break;
            case InitSystem.OpenRc:
                notes.Add("host keys: OpenRC's sshd script makes missing keys itself");
                break;
            default:
                notes.Add("host keys: the image has no init to start sshd");
                break;
        }
    }
}
