using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using DockerToLinux.Qemu;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// One boot that keeps what the guest writes, for tests whose next boot must see what this one changed (d2l boot
/// always boots a throwaway snapshot): d2l's own QEMU command line without <c>-snapshot</c>, under TCG, a login on the
/// serial console, one command through d2l's console runner, then <c>poweroff</c>, so that the guest unmounts its
/// filesystems cleanly before QEMU ends.
/// </summary>
internal static class WritableBoot
{
    /// <summary>Boots <paramref name="disk"/>, runs <paramref name="command"/> as root and powers the guest off.</summary>
    /// <returns>The command's outcome and the whole console.</returns>
    /// <exception cref="TimeoutException">The guest did not reach a login prompt, or did not power off, within <paramref name="limit"/>.</exception>
    public static async Task<(CommandOutcome Outcome, string Console)> RunAsync(string disk, string rootPassword, string command, TimeSpan limit)
    {
        string firmwareLog = disk + ".firmware.log";
        var arguments = QemuCommandLine.Build(new BootOptions(disk), QemuCommandLine.Tcg, firmwareLog)
            .Where(argument => argument != "-snapshot").ToList();
        var session = new SerialSession();
        var console = new StringBuilder();
        using var deadline = new CancellationTokenSource(limit);
        var qemu = CliWrap.Cli.Wrap(QemuLocator.Find())
            .WithArguments(arguments)
            .WithStandardInputPipe(session.Input)
            .WithStandardOutputPipe(PipeTarget.Create(async (stream, _) =>
            {
                var decoder = Encoding.UTF8.GetDecoder();
                var bytes = new byte[4096];
                var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
                int read;
                while ((read = await stream.ReadAsync(bytes)) > 0)
                {
                    int count = decoder.GetChars(bytes, 0, read, chars, 0);
                    lock (console)
                    {
                        console.Append(chars, 0, count);
                    }
                    session.Receive(chars.AsSpan(0, count));
                }
            }))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(deadline.Token);
        try
        {
            await session.WaitForAsync(new Regex(Regex.Escape(BootOptions.LoginPrompt)), deadline.Token);
            var outcome = await ConsoleCommandRunner.RunAsync(session, new ConsoleCommand("root", rootPassword, command), deadline.Token);
            await session.TypeAsync("poweroff\n", deadline.Token);
            await qemu;
            return (outcome, Text(console));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the writable boot of {disk} did not end within {limit}; its console ends:\n{Tail(Text(console))}");
        }
        finally
        {
            File.Delete(firmwareLog);
        }
    }

    private static string Text(StringBuilder console)
    {
        lock (console)
        {
            return console.ToString();
        }
    }

    private static string Tail(string text) => text[^Math.Min(4000, text.Length)..];
}
