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

    public void Target(string what, double value, double limit, bool atLeast = false)
    {
        bool met = atLeast ? value >= limit : value <= limit;
        AllTargetsMet &= met;
        _targets.Add($"| {what} | {F(value)} | {(met ? "met" : "**missed**")} |");
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
