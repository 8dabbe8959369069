using DockerToLinux.Pipeline;
using Spectre.Console;

namespace DockerToLinux.Cli;

/// <summary>
/// Shows a build's progress: a bar per step (per layer, with bytes and speed) on a terminal, plain lines on
/// stderr otherwise (CI logs).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(Func<IProgress<BuildProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            string? last = null;
            // Byte counts repeat a step's message; a log wants each step once.
            return await work(new SynchronousProgress(step =>
            {
                if (step.Message != last)
                {
                    last = step.Message;
                    Print(step);
                }
            })).ConfigureAwait(false);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                ProgressTask? current = null;
                string? currentMessage = null;
                var progress = new SynchronousProgress(step =>
                {
                    if (step.Message != currentMessage || current is null)
                    {
                        Finish(current);
                        currentMessage = step.Message;
                        current = context.AddTask(Markup.Escape($"{step.Stage.ToString().ToLowerInvariant()} {step.Message}"),
                            maxValue: Math.Max(1, step.Total ?? 1));
                        current.IsIndeterminate = step.Total is null;
                    }
                    if (step.Total is not null)
                    {
                        current.Value = step.Done;
                    }
                });
                var result = await work(progress).ConfigureAwait(false);
                Finish(current);
                return result;
            }).ConfigureAwait(false);
    }

    // A step ends when the next begins: its bar is shown full.
    private static void Finish(ProgressTask? task)
    {
        if (task is not null)
        {
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private static void Print(BuildProgress step) =>
        Console.Error.WriteLine($"d2l: {step.Stage.ToString().ToLowerInvariant()}: {step.Message}");

    // Progress<T> posts to the thread pool, which can reorder lines; the display wants them in order.
    private sealed class SynchronousProgress(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => report(value);
    }
}
