using System.Globalization;
using System.Text;

namespace DockerToLinux.AppInit;

/// <summary>
/// Writes values into a systemd unit file so that systemd reads back exactly the bytes meant. systemd expands
/// <c>%</c> specifiers on the whole line before it splits it into words, so every <c>%</c> is written
/// <c>%%</c>; inside double quotes it applies C escapes, so <c>\</c> and <c>"</c> are escaped and control
/// characters (a newline would end the line) are written as escapes; in a command line it also expands
/// <c>$NAME</c>, so there every <c>$</c> is written <c>$$</c>, while <c>Environment=</c> takes <c>$</c> as it is.
/// </summary>
internal static class UnitQuote
{
    /// <summary>One word of an <c>ExecStart=</c> command line.</summary>
    /// <exception cref="D2lException">The text holds a NUL, which no argument can.</exception>
    public static string Argument(string text) => Quoted(text, doubleDollars: true);

    /// <summary>One word of <c>Environment=</c>, a whole <c>NAME=value</c> entry.</summary>
    /// <exception cref="D2lException">The text holds a NUL, which no environment entry can.</exception>
    public static string EnvironmentEntry(string text) => Quoted(text, doubleDollars: false);

    /// <summary>
    /// A path for a setting that takes its value unquoted (<c>WorkingDirectory=</c>): only specifiers are
    /// escaped, so a path whose bytes the line cannot carry as they are is refused.
    /// </summary>
    /// <exception cref="D2lException">A control character, or a trailing space or backslash, which systemd
    /// would strip or read as a line continuation, or a <c>..</c> component, which systemd refuses in a path.</exception>
    public static string Path(string path)
    {
        if (path.Any(char.IsControl) || path.EndsWith(' ') || path.EndsWith('\\') || path.Split('/').Contains(".."))
        {
            throw D2lException.BadSetting(Setting.Service, $"the path '{path.ReplaceLineEndings(" ")}' cannot be written in a systemd unit as it is");
        }
        return path.Replace("%", "%%", StringComparison.Ordinal);
    }

    private static string Quoted(string text, bool doubleDollars)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new D2lException(FailureKind.BadInput, "an argument or environment entry contains a NUL character");
        }
        var word = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            word.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '%' => "%%",
                '$' when doubleDollars => "$$",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) && c < 0x80 => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return word.Append('"').ToString();
    }
}
