using System.Globalization;

namespace DockerToLinux.Accounts;

/// <summary>
/// Line edits on the colon-separated account files (passwd, shadow, group, gshadow). Every line the edit does
/// not concern stays byte for byte, including comments, NIS <c>+</c>/<c>-</c> entries, carriage returns and
/// a missing final newline.
/// </summary>
public static class ColonFile
{
    /// <summary>The entry names (first field) of real entries: no comments, blank lines or NIS includes.</summary>
    public static IEnumerable<string> Names(string text) => Entries(text).Select(fields => fields[0]);

    /// <summary>True if an entry is named <paramref name="name"/>.</summary>
    public static bool Contains(string text, string name) => Names(text).Contains(name, StringComparer.Ordinal);

    /// <summary>The numeric values of field <paramref name="index"/> (uid or gid) of every entry that has one.</summary>
    public static HashSet<long> Numbers(string text, int index) =>
        Entries(text).Where(fields => fields.Length > index)
            .Select(fields => long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : -1)
            .Where(id => id >= 0).ToHashSet();

    /// <summary>Field <paramref name="index"/> of the entry named <paramref name="name"/>, or null.</summary>
    public static string? Field(string text, string name, int index) =>
        Entries(text).FirstOrDefault(fields => fields[0] == name && fields.Length > index)?[index];

    /// <summary>The text with <paramref name="line"/> added as its last line.</summary>
    public static string Append(string text, string line) =>
        (text.Length == 0 || text.EndsWith('\n') ? text : text + "\n") + line + "\n";

    /// <summary>
    /// The text with <paramref name="member"/> added to the comma-separated list in field
    /// <paramref name="index"/> of the entry named <paramref name="name"/> (group members, gshadow members).
    /// Unchanged if the entry is missing or already lists the member.
    /// </summary>
    public static string AddMember(string text, string name, int index, string member)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            bool carriageReturn = line.EndsWith('\r');
            var fields = (carriageReturn ? line[..^1] : line).Split(':');
            if (fields[0] != name || fields.Length <= index)
            {
                continue;
            }
            var members = fields[index].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (members.Contains(member, StringComparer.Ordinal))
            {
                return text;
            }
            fields[index] = string.Join(',', members.Append(member));
            lines[i] = string.Join(':', fields) + (carriageReturn ? "\r" : string.Empty);
            return string.Join('\n', lines);
        }
        return text;
    }

    /// <summary>The lowest number from <paramref name="min"/> to <paramref name="max"/> not in <paramref name="used"/>.</summary>
    /// <exception cref="D2lException">Every number in the range is taken.</exception>
    public static long FirstFree(IReadOnlySet<long> used, long min, long max, string what)
    {
        for (long id = min; id <= max; id++)
        {
            if (!used.Contains(id))
            {
                return id;
            }
        }
        throw D2lException.BadInput(what, $"no free id from {min} to {max} in the image");
    }

    private static IEnumerable<string[]> Entries(string text) =>
        text.Split('\n').Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && line[0] is not ('#' or '+' or '-'))
            .Select(line => line.Split(':'));
}
