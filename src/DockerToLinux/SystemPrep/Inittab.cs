namespace DockerToLinux.SystemPrep;

/// <summary>
/// The text of an <c>/etc/inittab</c>, as sysvinit and busybox init read it: one <c>id:runlevels:action:process</c>
/// entry a line, <c>#</c> starting a comment.
/// </summary>
internal static class Inittab
{
    /// <summary>True if an active entry runs a program on <paramref name="port"/> (a getty there, whatever its name).</summary>
    public static bool RunsOn(string text, string port) =>
        Entries(text).Any(fields => fields[3].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Any(word => word == port || word == "/dev/" + port));

    /// <summary>The ids of the active entries.</summary>
    public static IEnumerable<string> Ids(string text) => Entries(text).Select(fields => fields[0]);

    /// <summary><paramref name="text"/> with <paramref name="entry"/> appended under a comment that says who wrote it.</summary>
    public static string Append(string text, string entry) =>
        text + (text.Length == 0 || text.EndsWith('\n') ? "" : "\n")
        + "# Written by d2l: a login on the serial console, at the speed of the kernel's console there.\n"
        + entry + "\n";

    private static IEnumerable<string[]> Entries(string text) =>
        text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(':', 4))
            .Where(fields => fields.Length == 4);
}
