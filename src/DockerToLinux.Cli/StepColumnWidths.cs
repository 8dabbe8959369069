using Spectre.Console.Rendering;

namespace DockerToLinux.Cli;

/// <summary>
/// How the terminal's width is shared between a step's columns. Every step must stay on one line: the live
/// display redraws a fixed number of lines, and a line the terminal wraps leaves pieces of old frames behind.
/// </summary>
internal static class StepColumnWidths
{
    /// <summary>Room for "100% 1023 MiB of 1023 MiB, 999 MiB/s".</summary>
    public const int Amount = 36;

    /// <summary>Enough for most steps' descriptions; the bar takes what is left, up to its full width.</summary>
    private const int WantedDescription = 60;

    /// <summary>Spectre puts one space between columns; two gaps separate the three columns.</summary>
    private const int Gaps = 2;

    public static int Bar(RenderOptions options) =>
        Math.Clamp(options.ConsoleSize.Width - Amount - Gaps - 1 - WantedDescription, 10, 40);

    public static int Description(RenderOptions options) =>
        Math.Max(8, options.ConsoleSize.Width - Amount - Bar(options) - Gaps - 1);
}
