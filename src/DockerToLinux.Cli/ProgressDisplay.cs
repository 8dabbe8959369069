using DockerToLinux.Pipeline;
using Spectre.Console;

namespace DockerToLinux.Cli;

/// <summary>
/// Shows a build's progress: a live status line on a terminal, plain lines on stderr otherwise (CI logs).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(Func<IProgress<BuildProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new SynchronousProgress(Print)).ConfigureAwait(false);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Status().StartAsync("starting", async context =>
        {
            var progress = new SynchronousProgress(step =>
            {
                console.MarkupLine($"[grey]{Markup.Escape(step.Stage.ToString().ToLowerInvariant())}[/] {Markup.Escape(step.Message)}");
                context.Status(Markup.Escape(step.Message));
            });
            return await work(progress).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static void Print(BuildProgress step) =>
        Console.Error.WriteLine($"d2l: {step.Stage.ToString().ToLowerInvariant()}: {step.Message}");

    // Progress<T> posts to the thread pool, which can reorder lines; the display wants them in order.
    private sealed class SynchronousProgress(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => report(value);
    }
}
