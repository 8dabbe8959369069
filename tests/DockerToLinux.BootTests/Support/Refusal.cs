using System.Text.RegularExpressions;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// The contract for a refused build, checked on the real program's output: the exit code, one line on stderr
/// that says why (besides the plain progress lines a non-terminal run prints before it), no .NET stack trace,
/// and an output folder left exactly as it was (no disk, no temporary file).
/// </summary>
public static partial class Refusal
{
    /// <summary>Asserts the contract and returns the reason line.</summary>
    public static string Check(ToolResult result, int exitCode, string outputFolder, params string[] reasonContains)
    {
        string context = $"exit {result.ExitCode}\nstdout:\n{result.StdOut}\nstderr:\n{result.StdErr}";
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}; {context}");
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.DoesNotContain("Exception", result.StdErr);
        var reasons = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !ProgressLine().IsMatch(line)).ToList();
        Assert.True(reasons.Count == 1, $"expected one reason line; {context}");
        string reason = reasons[0];
        Assert.StartsWith("d2l: ", reason);
        Assert.EndsWith(reason, result.StdErr.TrimEnd('\n'));
        foreach (string part in reasonContains)
        {
            Assert.True(reason.Contains(part, StringComparison.Ordinal), $"'{part}' not in the reason; {context}");
        }
        Assert.True(!Directory.EnumerateFileSystemEntries(outputFolder).Any(),
            $"left in {outputFolder}: {string.Join(", ", Directory.EnumerateFileSystemEntries(outputFolder))}; {context}");
        return reason;
    }

    /// <summary>A folder that <c>nobody</c> may write into, for the disk a test expects never to appear.</summary>
    public static string OutputFolder(TempDir home)
    {
        string folder = home.File("out");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        return folder;
    }

    [GeneratedRegex("^d2l: (read|flatten|prepare|boot|filesystem|disk): ")]
    private static partial Regex ProgressLine();
}
