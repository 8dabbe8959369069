using System.Text;

namespace DockerToLinux.KubeVirt;

/// <summary>
/// Writes a <see cref="YamlNode"/> tree as block YAML, two spaces per level, without reflection (the library is
/// trimmed and compiled ahead of time). Text of several lines becomes a literal block scalar when it can be one,
/// so cloud-init's user data reads as the file it is.
/// </summary>
internal static class YamlWriter
{
    /// <summary>The document for <paramref name="root"/>, a mapping.</summary>
    public static string Write(YamlMapping root)
    {
        var text = new StringBuilder();
        WriteEntries(text, root, 0, firstPrefix: null);
        return text.ToString();
    }

    private static void WriteEntries(StringBuilder text, YamlMapping mapping, int indent, string? firstPrefix)
    {
        for (int i = 0; i < mapping.Entries.Count; i++)
        {
            var (key, value) = (mapping.Entries[i].Key, mapping.Entries[i].Value);
            // The first entry of a mapping that is a sequence item shares the line of its "- ".
            text.Append(i == 0 && firstPrefix is not null ? firstPrefix : new string(' ', indent)).Append(key).Append(':');
            WriteValue(text, value, indent);
        }
    }

    // Writes what follows "key:" or "- " at the given indent, through the end of its last line.
    private static void WriteValue(StringBuilder text, YamlNode value, int indent)
    {
        switch (value)
        {
            case YamlToken token:
                text.Append(' ').Append(token.Value).Append('\n');
                break;
            case YamlText { Value: var s } when s.Contains('\n') && CanBeLiteral(s):
                WriteLiteral(text, s, indent + 2);
                break;
            case YamlText { Value: var s }:
                text.Append(' ').Append(YamlScalar.Format(s)).Append('\n');
                break;
            case YamlMapping { Entries.Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMapping mapping:
                text.Append('\n');
                WriteEntries(text, mapping, indent + 2, firstPrefix: null);
                break;
            case YamlSequence { Items.Count: 0 }:
                text.Append(" []\n");
                break;
            case YamlSequence sequence:
                text.Append('\n');
                foreach (var item in sequence.Items)
                {
                    WriteItem(text, item, indent + 2);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "not a YAML node d2l writes");
        }
    }

    private static void WriteItem(StringBuilder text, YamlNode item, int indent)
    {
        string dash = new string(' ', indent) + "- ";
        if (item is YamlMapping { Entries.Count: > 0 } mapping)
        {
            WriteEntries(text, mapping, indent + 2, firstPrefix: dash);
            return;
        }
        text.Append(new string(' ', indent)).Append('-');
        WriteValue(text, item, indent);
    }

    // A literal block keeps every character as it is, so it holds only printable text and tabs, and its first
    // line with content must not start with a space or tab (that would need an indentation indicator).
    private static bool CanBeLiteral(string value)
    {
        string firstContent = value.Split('\n').FirstOrDefault(line => line.Length > 0) ?? "";
        return firstContent.Length > 0 && firstContent[0] is not (' ' or '\t')
            && !value.Any(c => c != '\n' && c != '\t' && YamlScalar.NeedsEscape(c));
    }

    // "|" keeps one final line break, "|-" none and "|+" all of them; empty lines are written without indentation.
    private static void WriteLiteral(StringBuilder text, string value, int indent)
    {
        string body = value.TrimEnd('\n');
        int breaks = value.Length - body.Length;
        text.Append(breaks switch { 0 => " |-", 1 => " |", _ => " |+" }).Append('\n');
        foreach (string line in body.Split('\n'))
        {
            text.Append(line.Length == 0 ? "" : new string(' ', indent) + line).Append('\n');
        }
        for (int i = 1; i < breaks; i++)
        {
            text.Append('\n');
        }
    }
}
