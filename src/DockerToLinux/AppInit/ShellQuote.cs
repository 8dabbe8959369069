using System.Text;

namespace DockerToLinux.AppInit;

/// <summary>
/// Quotes strings as single shell words for the scripts d2l writes. Inside single quotes a POSIX shell takes
/// every byte literally (newlines, <c>$</c>, backslashes, double quotes); only the single quote itself cannot
/// appear, so it closes the quotes, is escaped, and reopens them.
/// </summary>
internal static class ShellQuote
{
    /// <summary>The shell word that stands for <paramref name="text"/>.</summary>
    /// <exception cref="D2lException">The text holds a NUL, which no argument or environment entry can.</exception>
    public static string Word(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new D2lException(FailureKind.BadInput, "an argument or environment entry contains a NUL character");
        }
        return "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The words for <paramref name="texts"/>, separated by spaces.</summary>
    public static string Words(IEnumerable<string> texts)
    {
        var line = new StringBuilder();
        foreach (string text in texts)
        {
            line.Append(line.Length == 0 ? string.Empty : " ").Append(Word(text));
        }
        return line.ToString();
    }
}
