namespace DockerToLinux.SystemPrep;

/// <summary>
/// insserv's <c>/etc/init.d/.depend.start</c>. Debian's sysvinit runs a runlevel's scripts with
/// <c>CONCURRENCY=makefile</c> whenever that file exists: startpar starts the <c>TARGETS</c> it lists, in the order
/// of its <c>name: dependencies</c> lines, and never looks at the rc?.d links. A script d2l links in must be a target
/// there too; insserv keeps it on later rewrites because the script's LSB header and links enable it.
/// </summary>
internal static class InsservDepend
{
    /// <summary>The file's path.</summary>
    public const string StartPath = "/etc/init.d/.depend.start";

    /// <summary>
    /// <paramref name="text"/> with <paramref name="script"/> among the targets (with no dependencies, so it starts
    /// first), or unchanged when it is there already or the text has no <c>TARGETS</c> line.
    /// </summary>
    public static string AddTarget(string text, string script)
    {
        var lines = text.Split('\n');
        int targets = Array.FindIndex(lines, line => line.StartsWith("TARGETS =", StringComparison.Ordinal));
        if (targets < 0 || lines[targets].Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(script))
        {
            return text;
        }
        lines[targets] = lines[targets].TrimEnd() + " " + script;
        return string.Join('\n', lines);
    }
}
