namespace DockerToLinux.Accounts;

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

    private const string TargetsKey = "TARGETS =";
    private const int PublicMode = 0b110_100_100;

    /// <summary>
    /// Applies <see cref="AddTarget"/> to the image's file when it has one; an image without it starts its scripts
    /// from the rc?.d links.
    /// </summary>
    public static async Task AddTargetAsync(TreeWriter writer, string script, params IEnumerable<string> startsBefore)
    {
        if (await writer.ReadTextAsync(StartPath).ConfigureAwait(false) is { } text
            && AddTarget(text, script, startsBefore) is var added && added != text)
        {
            await writer.WriteTextAsync(StartPath, added, PublicMode).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <paramref name="text"/> with <paramref name="script"/> among the targets, with no dependencies of its own so
    /// it starts in the first wave, and each of <paramref name="startsBefore"/> that is a target waiting for it;
    /// unchanged when all of that holds already or the text has no <c>TARGETS</c> line.
    /// </summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="script">The script's name in /etc/init.d.</param>
    /// <param name="startsBefore">
    /// Scripts that must not start before <paramref name="script"/> has finished (the LSB header's
    /// <c>X-Start-Before</c>, which startpar does not read); names that are not targets are skipped.
    /// </param>
    public static string AddTarget(string text, string script, params IEnumerable<string> startsBefore)
    {
        var lines = text.Split('\n').ToList();
        int targetsLine = lines.FindIndex(line => line.StartsWith(TargetsKey, StringComparison.Ordinal));
        if (targetsLine < 0)
        {
            return text;
        }
        var targets = Words(lines[targetsLine][TargetsKey.Length..]);
        if (!targets.Contains(script))
        {
            lines[targetsLine] = lines[targetsLine].TrimEnd() + " " + script;
        }
        foreach (string dependent in startsBefore.Where(targets.Contains))
        {
            int own = lines.FindIndex(line => line.StartsWith(dependent + ":", StringComparison.Ordinal));
            if (own < 0)
            {
                // After the last line with text, so a final newline stays the last character.
                lines.Insert(lines.FindLastIndex(line => line.Length > 0) + 1, $"{dependent}: {script}");
            }
            else if (!Words(lines[own][(dependent.Length + 1)..]).Contains(script))
            {
                lines[own] = lines[own].TrimEnd() + " " + script;
            }
        }
        return string.Join('\n', lines);
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
