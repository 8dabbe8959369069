using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerToLinux.Qemu;

/// <summary>
/// Logs in on a booted guest's serial console and runs one command the way <c>ssh host COMMAND</c> does:
/// its output between markers, its exit status after the end marker.
/// </summary>
internal static partial class ConsoleCommandRunner
{
    private const string OutputFile = "/tmp/.d2l-command-output";

    /// <summary>Logs in and runs <paramref name="command"/>; the login prompt must already be on the console.</summary>
    /// <exception cref="ConsoleLoginException">The password prompt or the shell never came, or the login was refused.</exception>
    public static async Task<CommandOutcome> RunAsync(SerialSession session, ConsoleCommand command,
        CancellationToken cancellationToken)
    {
        await session.TypeAsync(command.User + "\n", cancellationToken);
        await session.WaitForAsync(PasswordPrompt(), cancellationToken);
        await session.TypeAsync(command.Password + "\n", cancellationToken);
        var answer = await session.WaitForAsync(ShellPromptOrRefusal(), cancellationToken);
        if (answer.Groups["refused"].Success)
        {
            throw new ConsoleLoginException($"\"{answer.Value.Trim()}\" for user {command.User}");
        }
        // The command runs in its own shell, as ssh runs it, so that "exit 3" ends it and not the login.
        // The command's output goes to a file first and is printed in one go, so kernel and systemd
        // messages on the same console cannot land in the middle of it. Markers are split with "" in the
        // typed line, so the terminal's echo of that line never looks like the markers themselves.
        string line = "stty -echo 2>/dev/null; dmesg -n 1 2>/dev/null; "
            + $"\"${{SHELL:-/bin/sh}}\" -c {ShellQuote(command.Command)} >{OutputFile} 2>&1 </dev/null; d2l_status=$?; "
            + $"echo __D2L_\"\"BEGIN__; cat {OutputFile}; echo; echo __D2L_\"\"END__ $d2l_status; rm -f {OutputFile}\n";
        await session.TypeAsync(line, cancellationToken);
        var result = await session.WaitForAsync(Delimited(), cancellationToken);
        string output = result.Groups["output"].Value.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal);
        // The echo before the end marker guarantees a line end; drop the one it added.
        output = output.EndsWith("\n\n", StringComparison.Ordinal) || output == "\n" ? output[..^1] : output;
        return new CommandOutcome(int.Parse(result.Groups["status"].Value, CultureInfo.InvariantCulture), output);
    }

    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"[Pp]assword: ?")]
    private static partial Regex PasswordPrompt();

    // A shell prompt ends in "# " or "$ " and waits with no line end; login(1) says "Login incorrect".
    [GeneratedRegex(@"(?<refused>Login incorrect|Login timed out)|[#$] (\x1B\[[0-9;?]*[A-Za-z])*$")]
    private static partial Regex ShellPromptOrRefusal();

    [GeneratedRegex(@"__D2L_BEGIN__\r?\n(?<output>.*?)__D2L_END__ (?<status>\d+)", RegexOptions.Singleline)]
    private static partial Regex Delimited();
}
