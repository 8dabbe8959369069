namespace DockerToLinux.Cli;

/// <summary>The d2l entry point.</summary>
public static class Program
{
    /// <summary>Runs d2l with the given arguments and returns its exit code.</summary>
    public static int Main(string[] args) => args.Length == 0 ? 2 : 0;
}
