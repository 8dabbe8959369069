using Spectre.Console;
using Spectre.Console.Rendering;

namespace DockerToLinux.Cli;

/// <summary>
/// A bar for a step that counts bytes; for a step without a byte count, a spinner while it runs and a
/// check mark once it is done, since there is no fraction to draw.
/// </summary>
internal sealed class StepBarColumn : ProgressColumn
{
    private readonly ProgressBarColumn _bar = new();

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (StepKind.IsCounted(task))
        {
            _bar.Width = StepColumnWidths.Bar(options);
            return _bar.Render(options, task, deltaTime);
        }
        if (task.IsFinished)
        {
            return new Text(options.Unicode ? "✔" : "done", new Style(Color.Green));
        }
        var spinner = options.Unicode ? Spinner.Known.Dots : Spinner.Known.Line;
        double elapsed = (task.ElapsedTime ?? TimeSpan.Zero).TotalMilliseconds;
        int frame = (int)(elapsed / spinner.Interval.TotalMilliseconds) % spinner.Frames.Count;
        return new Text(spinner.Frames[frame], new Style(Color.Yellow));
    }

    public override int? GetColumnWidth(RenderOptions options) => StepColumnWidths.Bar(options);
}
