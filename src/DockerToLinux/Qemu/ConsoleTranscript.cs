using System.Text;
using System.Text.RegularExpressions;

namespace DockerToLinux.Qemu;

/// <summary>
/// The serial console as lines: removes ANSI escapes and carriage returns, keeps the last lines for
/// diagnosis, and matches the expected pattern, also against the unfinished last line because a
/// login prompt waits on its own line with no line end.
/// </summary>
/// <param name="expect">The pattern that means success.</param>
/// <param name="observe">
/// Sees every cleaned line: finished ones (true) and, after each append, the unfinished last one (false).
/// </param>
/// <param name="keptLines">How many lines <see cref="LastLines"/> keeps.</param>
internal sealed partial class ConsoleTranscript(Regex expect, Action<string, bool>? observe = null, int keptLines = 40)
{
    private readonly StringBuilder _line = new();
    private readonly Queue<string> _lines = new();
    private bool _pendingCarriageReturn;

    /// <summary>Whether any line, finished or not, has matched the pattern.</summary>
    public bool Matched { get; private set; }

    /// <summary>Whether the console has printed anything at all.</summary>
    public bool SawOutput { get; private set; }

    /// <summary>Adds console text and reports whether the pattern has matched so far.</summary>
    public bool Append(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty)
        {
            SawOutput = true;
        }
        foreach (char c in text)
        {
            if (_pendingCarriageReturn)
            {
                _pendingCarriageReturn = false;
                if (c != '\n')
                {
                    // A lone CR rewrites the line in place (systemd's progress lines); the old text
                    // may still be the one that matches.
                    Test(Clean(_line.ToString()), finished: true);
                    _line.Clear();
                }
            }
            switch (c)
            {
                case '\r':
                    _pendingCarriageReturn = true;
                    break;
                case '\n':
                    FinishLine();
                    break;
                default:
                    _line.Append(c);
                    break;
            }
        }
        Test(Clean(_line.ToString()), finished: false);
        return Matched;
    }

    /// <summary>The last lines, oldest first, with the unfinished line last when it has text.</summary>
    public IReadOnlyList<string> LastLines()
    {
        var lines = _lines.ToList();
        string current = Clean(_line.ToString());
        if (current.Length > 0)
        {
            lines.Add(current);
        }
        return lines.Count > keptLines ? lines[^keptLines..] : lines;
    }

    /// <summary>The last line with visible text, or null when the console printed none.</summary>
    public string? LastVisibleLine() => LastLines().LastOrDefault(line => line.Trim().Length > 0)?.Trim();

    private void FinishLine()
    {
        string line = Clean(_line.ToString());
        _line.Clear();
        Test(line, finished: true);
        _lines.Enqueue(line);
        while (_lines.Count > keptLines)
        {
            _lines.Dequeue();
        }
    }

    private void Test(string line, bool finished)
    {
        if (line.Length > 0)
        {
            observe?.Invoke(line, finished);
        }
        if (!Matched && line.Length > 0 && expect.IsMatch(line))
        {
            Matched = true;
        }
    }

    private static string Clean(string raw) => ControlCharacters().Replace(AnsiEscape().Replace(raw, ""), "");

    // CSI sequences (colours, cursor moves, erase), charset selections, and two-byte escapes.
    [GeneratedRegex(@"\x1B(\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_=>78c])")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"[\x00-\x08\x0B-\x1F\x7F]")]
    private static partial Regex ControlCharacters();
}
