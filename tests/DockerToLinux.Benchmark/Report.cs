using System.Globalization;
using System.Text;

namespace DockerToLinux.Benchmark;

/// <summary>Collects timings, targets and notes, and prints them as Markdown for the README.</summary>
internal sealed class Report
{
    private readonly List<string> _rows = [];
    private readonly List<string> _targets = [];
    private readonly List<string> _notes = [];

    /// <summary>True when every target was met.</summary>
    public bool AllTargetsMet { get; private set; } = true;

    public void Row(string what, Sample sample, string? remark = null) =>
        _rows.Add($"| {what} | {F(sample.Seconds)} s | {(double.IsNaN(sample.PeakMiB) ? "—" : F(sample.PeakMiB, "0") + " MiB")} | {remark} |");

    /// <summary>
    /// A target: met when <paramref name="value"/> is within <paramref name="limit"/>. A missed target fails
    /// the benchmark unless <paramref name="floor"/> is given and would miss it too: then the target is out of
    /// reach on this machine whatever d2l does, and the row says so, with the floor's figure.
    /// </summary>
    public void Target(string what, double value, double limit, bool atLeast = false, Floor? floor = null)
    {
        bool Meets(double figure) => atLeast ? figure >= limit : figure <= limit;
        string verdict = "met";
        if (!Meets(value))
        {
            bool outOfReach = floor is { } bound && !Meets(bound.Value);
            AllTargetsMet &= outOfReach;
            verdict = outOfReach
                ? $"**missed**, out of reach here: at the floor ({floor!.Value.What}) it would be {F(floor.Value.Value)}"
                : "**missed**";
        }
        _targets.Add($"| {what} | {F(value)} | {verdict} |");
    }

    public void Note(string text) => _notes.Add("- " + text);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| run | time | peak memory | |").AppendLine("|---|---|---|---|");
        _rows.ForEach(row => text.AppendLine(row));
        text.AppendLine().AppendLine("| target | value | |").AppendLine("|---|---|---|");
        _targets.ForEach(row => text.AppendLine(row));
        text.AppendLine();
        _notes.ForEach(note => text.AppendLine(note));
        return text.ToString();
    }

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>
/// What a target's figure would be if d2l took no longer than a measured floor, and what that floor is:
/// work no build on this machine can do faster.
/// </summary>
internal readonly record struct Floor(double Value, string What);
