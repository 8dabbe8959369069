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
    /// Runs a command line under <c>/usr/bin/time</c>: wall seconds, peak resident memory in MiB and CPU seconds.
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
            Run($"/usr/bin/time -o {file} -f '%e %M %U %S' bash -c {Quote(commandLine)}", environment);
            string[] parts = File.ReadAllText(file).Trim().Split('\n')[^1].Split(' ');
            double Number(int index) => double.Parse(parts[index], CultureInfo.InvariantCulture);
            return new Sample(Number(0), Number(1) / 1024.0, Number(2) + Number(3));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Quotes a string for bash.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}

/// <summary>One timed run: wall-clock seconds, peak resident memory in MiB and CPU seconds (user + system).</summary>
internal readonly record struct Sample(double Seconds, double PeakMiB, double CpuSeconds = double.NaN)
{
    /// <summary>The run of median time, with the highest peak memory of all the runs.</summary>
    public static Sample Median(IReadOnlyList<Sample> samples) =>
        samples.OrderBy(sample => sample.Seconds).ElementAt(samples.Count / 2) with { PeakMiB = samples.Max(sample => sample.PeakMiB) };
}
