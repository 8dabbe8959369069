using System.Diagnostics;

namespace DockerToLinux.Tests.Support;

/// <summary>The result of running an external program: a referee such as e2fsck, debugfs or podman.</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Fails the test, with the program's output, unless it exited 0.</summary>
    public ToolResult EnsureSuccess(string what)
    {
        Assert.True(ExitCode == 0, $"{what} exited {ExitCode}\n{StdOut}\n{StdErr}");
        return this;
    }
}

/// <summary>Runs external programs for tests. The product itself never starts them.</summary>
public static class Tool
{
    /// <summary>Runs a program to completion and captures its output.</summary>
    public static ToolResult Run(string file, params string[] args) => Run(file, args, stdin: null);

    /// <summary>Runs a program, feeding <paramref name="stdin"/> when given, and captures its output.</summary>
    public static ToolResult Run(string file, IEnumerable<string> args, string? stdin, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a shell command line with bash.</summary>
    public static ToolResult Shell(string commandLine, string? workingDirectory = null) =>
        Run("bash", ["-c", commandLine], stdin: null, workingDirectory);
}
