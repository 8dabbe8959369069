using System.Globalization;
using System.Text;

namespace DockerToLinux.KubeVirt;

/// <summary>
/// How one line of text is written as a YAML scalar. Plain only for a conservative set of characters: YAML 1.1
/// readers (still common in Kubernetes tooling) take <c>yes</c>, <c>on</c> or <c>n</c> for booleans, <c>1e3</c>,
/// <c>0x1f</c> or <c>1_000</c> for numbers and <c>12:30</c> for a sexagesimal, and <c>: </c>, <c> #</c>,
/// a leading indicator or surrounding spaces change the structure. Everything else is double-quoted, the one
/// style that can escape any character.
/// </summary>
internal static class YamlScalar
{
    // Lower-cased words that YAML 1.1 or 1.2 resolves to a boolean or null when plain.
    private static readonly HashSet<string> ReservedWords = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

    /// <summary>Whether <paramref name="value"/> reads back as the same string when written plain.</summary>
    public static bool IsPlainSafe(string value) =>
        value.Length > 0
        && char.IsAsciiLetter(value[0])   // no number, sign, dot, indicator or space can start it
        && value[^1] != ' '
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '/' or '@' or '+' or '=' or '-')
        && !ReservedWords.Contains(value.ToLowerInvariant());

    /// <summary><paramref name="value"/> plain when that is safe, double-quoted with escapes otherwise.</summary>
    public static string Format(string value) => IsPlainSafe(value) ? value : DoubleQuoted(value);

    /// <summary><paramref name="value"/> in double quotes, every character a reader could misread escaped.</summary>
    public static string DoubleQuoted(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if (NeedsEscape(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// Whether <paramref name="c"/> may not stand as it is in a YAML document: control characters, the line
    /// breaks YAML 1.1 knows beyond LF and CR (NEL, LS, PS), the byte order mark and unpaired surrogates.
    /// </summary>
    public static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff' || char.IsSurrogate(c);
}
