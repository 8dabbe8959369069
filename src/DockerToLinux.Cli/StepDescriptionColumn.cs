using Spectre.Console;
using Spectre.Console.Rendering;

namespace DockerToLinux.Cli;

/// <summary>
/// A step's description on one line, cut with an ellipsis where the terminal is too narrow for all of it.
/// </summary>
internal sealed class StepDescriptionColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        int width = StepColumnWidths.Description(options);
        string ellipsis = options.Unicode ? "…" : "...";
        string text = task.Description.Length <= width ? task.Description : task.Description[..(width - ellipsis.Length)] + ellipsis;
        return new Text(text);
    }

    public override int? GetColumnWidth(RenderOptions options) => StepColumnWidths.Description(options);
}
