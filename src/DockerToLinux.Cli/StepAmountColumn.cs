using Spectre.Console;
using Spectre.Console.Rendering;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary>
/// What a step has done: the share, bytes and speed for a step that counts bytes; the time spent for a
/// step without a byte count (a "1 byte" total or a speed would be made up).
/// </summary>
internal sealed class StepAmountColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (!StepKind.IsCounted(task))
        {
            return new Text(Elapsed(task.ElapsedTime ?? TimeSpan.Zero), new Style(Color.Grey));
        }
        string amount = task.IsFinished
            ? ByteSize.Format((long)task.MaxValue)
            : $"{ByteSize.Format((long)task.Value)} of {ByteSize.Format((long)task.MaxValue)}";
        string speed = task.IsFinished || task.Speed is not { } bytesPerSecond ? "" : $", {ByteSize.Format((long)bytesPerSecond)}/s";
        return new Text($"{task.Percentage,3:0}% {amount}{speed}");
    }

    public override int? GetColumnWidth(RenderOptions options) => StepColumnWidths.Amount;

    private static string Elapsed(TimeSpan time) =>
        time.TotalMinutes < 1 ? $"{time.TotalSeconds:0.0} s" : $"{(int)time.TotalMinutes}:{time.Seconds:00} min";
}
