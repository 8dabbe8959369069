using System.Diagnostics;
using System.Globalization;

namespace DockerToLinux.Benchmark;

/// <summary>Runs commands for the benchmark: plain, or timed by GNU time for wall clock and peak memory.</summary>
internal static class Shell
{
    /// <summary>Runs a bash command line and returns its standard output; throws when it fails.</summary>
    public static string Run(string commandLine, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{commandLine}` exited {process.ExitCode}: {stderr.Trim()}");
        }
        return stdout.Result;
    }

    /// <summary>
    /// Runs a command line under <c>/usr/bin/time</c>: wall seconds and peak resident memory in MiB.
    /// <paramref name="before"/>, if given, runs first and is not timed: removing the previous run's output
    /// belongs to no tool's work (with online discard, deleting a disk image takes 0.1–0.2 s here).
    /// </summary>
    public static Sample Timed(string commandLine, IDictionary<string, string>? environment = null, string? before = null)
    {
        string file = Path.GetTempFileName();
        try
        {
            if (before is not null)
            {
                Run(before);
            }
            Run($"/usr/bin/time -o {file} -f '%e %M' bash -c {Quote(commandLine)}", environment);
            string[] parts = File.ReadAllText(file).Trim().Split('\n')[^1].Split(' ');
            return new Sample(double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture) / 1024.0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Quotes a string for bash.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}

/// <summary>One timed run: wall-clock seconds and peak resident memory in MiB.</summary>
internal readonly record struct Sample(double Seconds, double PeakMiB)
{
    /// <summary>The run of median time, with the highest peak memory of all the runs.</summary>
    public static Sample Median(IReadOnlyList<Sample> samples) =>
        samples.OrderBy(sample => sample.Seconds).ElementAt(samples.Count / 2) with { PeakMiB = samples.Max(sample => sample.PeakMiB) };
}
