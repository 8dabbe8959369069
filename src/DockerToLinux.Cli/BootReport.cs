using System.Globalization;
using System.Text;
using System.Text.Json;
using DockerToLinux.Disks;
using DockerToLinux.Qemu;

namespace DockerToLinux.Cli;

/// <summary>What <c>d2l boot</c> says about a boot: lines for people on stderr, or one JSON object for CI.</summary>
internal static class BootReport
{
    /// <summary>The stage times on one line, e.g. <c>firmware 0.1 s, bootloader 0.3 s, …</c>.</summary>
    public static string StageLine(BootResult result) =>
        string.Join(", ", result.Stages.Select(stage => $"{StageName(stage.Stage)} {Seconds(stage.At)} s"));

    /// <summary>Writes the human summary: success with stage times, or the diagnosis with its evidence.</summary>
    public static void WriteText(TextWriter error, string diskName, BootResult result)
    {
        if (result.AppExitCode is { } status)
        {
            error.WriteLine($"d2l: {diskName}: the app exited with status {status} after {Seconds(result.Elapsed)} s ({result.AcceleratorUsed})");
        }
        else if (result.Succeeded)
        {
            error.WriteLine($"d2l: {diskName} booted in {Seconds(result.Elapsed)} s ({result.AcceleratorUsed})");
        }
        else
        {
            error.WriteLine($"d2l: {diskName} did not boot: {result.Failure} ({result.AcceleratorUsed}, {Seconds(result.Elapsed)} s)");
        }
        if (result.Stages.Count > 0)
        {
            error.WriteLine($"d2l: stages: {StageLine(result)}");
        }
        if (result.Diagnosis is { Evidence.Count: > 0 } diagnosis)
        {
            error.WriteLine("d2l: last console lines:");
            foreach (string line in diagnosis.Evidence)
            {
                error.WriteLine($"d2l:   | {line}");
            }
        }
    }

    /// <summary>The result as one JSON object: status, cause, times, evidence, and the command's result.</summary>
    public static string ToJson(string diskPath, DiskFormat diskFormat, BootResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("disk", diskPath);
            json.WriteString("format", diskFormat.QemuName);
            json.WriteBoolean("booted", result.Succeeded);
            if (result.AppExitCode is { } status)
            {
                json.WriteNumber("appExitCode", status);
            }
            json.WriteString("accelerator", result.AcceleratorUsed);
            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 2));
            json.WriteStartObject("stages");
            foreach (var stage in result.Stages)
            {
                json.WriteNumber(StageName(stage.Stage).Replace(' ', '_'), Math.Round(stage.At.TotalSeconds, 2));
            }
            json.WriteEndObject();
            if (result.Diagnosis is { } diagnosis)
            {
                json.WriteStartObject("failure");
                json.WriteString("cause", CauseName(diagnosis.Cause));
                json.WriteString("summary", diagnosis.Summary);
                json.WriteStartArray("lastLines");
                diagnosis.Evidence.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (result.Command is { } command)
            {
                json.WriteStartObject("command");
                json.WriteNumber("exitCode", command.ExitCode);
                json.WriteString("output", command.Output);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A cause as snake_case, stable for scripts: <c>kernel_panic</c>, <c>root_filesystem_not_found</c>.</summary>
    public static string CauseName(BootFailureCause cause) =>
        string.Concat(cause.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string StageName(BootStage stage) => stage switch
    {
        BootStage.LoginPrompt => "login prompt",
        BootStage.AppStarted => "app started",
        BootStage.AppExited => "app exited",
        _ => stage.ToString().ToLowerInvariant(),
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
