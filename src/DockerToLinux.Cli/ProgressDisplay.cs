using DockerToLinux.Pipeline;
using Spectre.Console;

namespace DockerToLinux.Cli;

/// <summary>
/// Shows a build's progress: on a terminal, a bar per step that counts bytes (per layer, with bytes and speed)
/// and a spinner with the time spent for the others; plain lines on stderr otherwise (CI logs).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(Func<IProgress<BuildProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Byte counts repeat a step's message, and layers read at once interleave theirs; a log wants each step once.
            var printed = new HashSet<string>();
            return await work(new SynchronousProgress(step =>
            {
                if (printed.Add(step.Message))
                {
                    Print(step);
                }
            })).ConfigureAwait(false);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new StepDescriptionColumn(), new StepBarColumn(), new StepAmountColumn())
            .StartAsync(async context =>
            {
                // One bar per step; several are open at once while layers are read together. A step of another
                // stage, or a new step without a byte count, ends the steps before it.
                var open = new Dictionary<string, ProgressTask>();
                var progress = new SynchronousProgress(step =>
                {
                    if (!open.TryGetValue(step.Message, out var task))
                    {
                        if (step.Total is null || open.Values.Any(other => !other.Description.StartsWith(Stage(step), StringComparison.Ordinal)))
                        {
                            FinishAll(open);
                        }
                        task = context.AddTask($"{Stage(step)} {step.Message}", maxValue: Math.Max(1, step.Total ?? 1));
                        if (step.Total is not null)
                        {
                            StepKind.MarkCounted(task);
                        }
                        open[step.Message] = task;
                    }
                    if (step.Total is not null)
                    {
                        task.Value = step.Done;
                    }
                });
                var result = await work(progress).ConfigureAwait(false);
                FinishAll(open);
                return result;
            }).ConfigureAwait(false);
    }

    // Steps end when the next stage begins: their bars are shown full.
    private static void FinishAll(Dictionary<string, ProgressTask> open)
    {
        foreach (var task in open.Values)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
        open.Clear();
    }

    private static string Stage(BuildProgress step) => step.Stage.ToString().ToLowerInvariant();

    private static void Print(BuildProgress step) =>
        Console.Error.WriteLine($"d2l: {step.Stage.ToString().ToLowerInvariant()}: {step.Message}");

    // Progress<T> posts to the thread pool, which can reorder lines; the display wants them in order. Layers
    // read at once report from their own threads, one at a time through the lock.
    private sealed class SynchronousProgress(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        private readonly Lock _lock = new();

        public void Report(BuildProgress value)
        {
            lock (_lock)
            {
                report(value);
            }
        }
    }
}
