using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Fixtures;

/// <summary>Runs a cached fixture recipe from <c>tests/fixtures</c> and gives the folder it printed last.</summary>
public static class FixtureScript
{
    /// <summary>Runs <paramref name="scriptName"/> (cached recipes return at once; a first build takes minutes).</summary>
    /// <exception cref="InvalidOperationException">The recipe failed or printed no folder.</exception>
    public static string Run(string scriptName)
    {
        string script = Path.Combine(DebianTemplate.RepositoryRoot(), "tests", "fixtures", scriptName);
        var result = Tool.Run("bash", [script], stdin: null, timeout: TimeSpan.FromMinutes(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited {result.ExitCode}\n{result.StdErr}");
        }
        string folder = result.StdOut.TrimEnd().Split('\n')[^1];
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"{script} printed {folder}, which is not a folder");
        }
        return folder;
    }
}
