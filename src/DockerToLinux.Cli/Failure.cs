namespace DockerToLinux.Cli;

/// <summary>Turns an exception that reached the command line into one line on stderr and an exit code.</summary>
internal static class Failure
{
    /// <summary>Reports <paramref name="error"/> and returns the exit code the contract gives it.</summary>
    public static int Report(Exception error, bool verbose)
    {
        (int code, string message) = error switch
        {
            D2lException d2l => (ExitCode.Of(d2l.Kind), SettingFlags.Message(d2l)),
            OperationCanceledException => (ExitCode.Interrupted, "interrupted; nothing was written"),
            _ => (ExitCode.Internal, $"internal error: {error.GetType().Name}: {error.Message}"),
        };
        Console.Error.WriteLine($"d2l: {OneLine(message)}");
        if (verbose)
        {
            Console.Error.WriteLine(error.ToString());
        }
        else if (code == ExitCode.Internal)
        {
            Console.Error.WriteLine("d2l: run again with --verbose for details, and please report it");
        }
        return code;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
