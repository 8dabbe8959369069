namespace DockerToLinux.Accounts;

/// <summary>
/// Edits /etc/passwd and /etc/shadow text the way <c>chpasswd</c> would for one user: only that user's
/// hash and last-change day change; every other line and field stays byte for byte.
/// </summary>
public static class ShadowFile
{
    /// <summary>shadow(5) has nine colon-separated fields.</summary>
    public const int FieldCount = 9;

    /// <summary>
    /// The shadow text with <paramref name="user"/>'s hash set. A missing file is built from
    /// <paramref name="passwd"/>: every account locked (<c>*</c>) except the one being set.
    /// </summary>
    /// <param name="shadow">The current /etc/shadow, or null if the image has none.</param>
    /// <param name="passwd">The current /etc/passwd.</param>
    /// <param name="user">The account, normally root.</param>
    /// <param name="hash">The crypt hash.</param>
    /// <param name="lastChangeDay">Days since 1970-01-01 (field 3).</param>
    public static string SetHash(string? shadow, string passwd, string user, string hash, long lastChangeDay)
    {
        if (hash.Contains(':') || hash.Contains('\n'))
        {
            throw new ArgumentException("a crypt hash cannot contain ':' or newlines", nameof(hash));
        }
        var lines = shadow is null
            ? Users(passwd).Select(name => $"{name}:*:{lastChangeDay}:0:99999:7:::").ToList()
            : SplitLines(shadow);
        int index = lines.FindIndex(line => line.StartsWith(user + ":", StringComparison.Ordinal));
        string[] fields = index >= 0 ? lines[index].Split(':') : [user, "", "", "0", "99999", "7", "", "", ""];
        if (fields.Length < FieldCount)
        {
            fields = [.. fields, .. Enumerable.Repeat(string.Empty, FieldCount - fields.Length)];
        }
        fields[1] = hash;
        fields[2] = lastChangeDay.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string line = string.Join(':', fields);
        if (index >= 0)
        {
            lines[index] = line;
        }
        else
        {
            lines.Insert(0, line);
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// The passwd text with <paramref name="user"/>'s password field set to <c>x</c> (look in shadow), adding
    /// a root account if there is none. Returns the input unchanged if nothing needs to change.
    /// </summary>
    public static string PointToShadow(string passwd, string user)
    {
        var lines = SplitLines(passwd);
        int index = lines.FindIndex(line => line.StartsWith(user + ":", StringComparison.Ordinal));
        if (index < 0)
        {
            if (user != "root")
            {
                throw new ArgumentException($"no account {user} in /etc/passwd", nameof(user));
            }
            lines.Insert(0, "root:x:0:0:root:/root:/bin/sh");
            return string.Join('\n', lines) + "\n";
        }
        var fields = lines[index].Split(':');
        if (fields.Length < 2 || fields[1] == "x")
        {
            return passwd;
        }
        fields[1] = "x";
        lines[index] = string.Join(':', fields);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The group id named <paramref name="group"/> in /etc/group text, or null.</summary>
    public static long? GroupId(string? groupFile, string group)
    {
        foreach (string line in SplitLines(groupFile ?? string.Empty))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == group && long.TryParse(fields[2], out long id))
            {
                return id;
            }
        }
        return null;
    }

    private static IEnumerable<string> Users(string passwd) =>
        SplitLines(passwd).Select(line => line.Split(':')[0]).Where(name => name.Length > 0 && !name.StartsWith('#')
            && !name.StartsWith('+') && !name.StartsWith('-'));

    // Lines without the final newline; an empty text has no lines.
    private static List<string> SplitLines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').ToList();
}
