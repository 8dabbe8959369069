using System.Globalization;
using DockerToLinux.Qemu;
using DockerToLinux.Run;

namespace DockerToLinux.Cli;

/// <summary>What <c>d2l run --verbose</c> says on stderr: the build's steps, and where the time went.</summary>
internal static class RunReport
{
    /// <summary>The build's steps, one line each, as they happen.</summary>
    public static IProgress<BuildProgress> Progress(TextWriter error) => new StepLines(error);

    /// <summary>Where the time went: the disk (built or found), the boot's stages, the app's run and the power-off.</summary>
    public static void Write(TextWriter error, AppRunResult result)
    {
        string disk = result.CacheHit ? "found in the cache, no build" : $"built in {Seconds(result.Built)} s";
        error.WriteLine($"d2l: disk {result.Disk}: {disk} (images identified in {Seconds(result.Identified)} s)");
        BootReport.WriteText(error, Path.GetFileName(result.Disk), result.Boot);
        var stages = result.Boot.Stages.ToDictionary(stage => stage.Stage, stage => stage.At);
        if (stages.TryGetValue(BootStage.AppStarted, out var started) && stages.TryGetValue(BootStage.AppExited, out var exited))
        {
            error.WriteLine($"d2l: boot {Seconds(started)} s, app {Seconds(exited - started)} s, "
                + $"power-off {Seconds(result.Boot.Elapsed - exited)} s");
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    // Synchronous, unlike Progress<T>, so the lines come in the order of the steps.
    private sealed class StepLines(TextWriter error) : IProgress<BuildProgress>
    {
        private string? _last;

        public void Report(BuildProgress value)
        {
            if (value.Message != _last)
            {
                _last = value.Message;
                error.WriteLine($"d2l: {value.Message}");
            }
        }
    }
}
