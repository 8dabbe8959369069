using System.CommandLine;

namespace DockerToLinux.Cli;

/// <summary>The d2l entry point: parsing, progress and exit codes; the work is in the library.</summary>
public static partial class Program
{
    /// <summary>Global option: show stack traces and more detail on failure.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show details on failure, including stack traces",
        Recursive = true,
    };

    /// <summary>Runs d2l with the given arguments and returns its exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("d2l: turn container images into bootable Linux disk images, and boot them")
        {
            BuildCommand.Create(),
            ConvertCommand.Create(),
            BootCommand.Create(),
            RunCommand.Create(),
            InspectCommand.Create(),
            PushCommand.Create(),
        };
        root.Options.Add(Verbose);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            await Console.Error.WriteLineAsync($"d2l: {Readable(parsed.Errors[0].Message)} (see d2l --help)").ConfigureAwait(false);
            return ExitCode.BadInput;
        }
        // Our own signal handling, not System.CommandLine's: that one lets SIGINT kill the process before a
        // build can remove its temporary output.
        using var interruption = new Interruption();
        Interruption.Current = interruption;
        int code = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interruption.Token)
            .ConfigureAwait(false);
        return code == ExitCode.Interrupted ? interruption.ExitCode : code;
    }

    // System.CommandLine names the .NET type it failed to parse ("as expected type 'System.Nullable`1[System.Int32]'").
    private static string Readable(string message) =>
        NumberType().Replace(message, "as a whole number");

    [System.Text.RegularExpressions.GeneratedRegex(@"as expected type '(System\.Nullable`1\[)?System\.Int(32|64)\]?'")]
    private static partial System.Text.RegularExpressions.Regex NumberType();
}
