using System.Text;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>
/// <c>d2l boot --interactive</c> as a person uses it: the console on d2l's stdin and stdout, typed into only
/// once the guest asks, until the guest powers itself off.
/// </summary>
public sealed class InteractiveBootTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(1);
    private readonly TempDir _temp = new();
    private readonly StringBuilder _console = new();

    [Fact]
    public async Task A_person_at_the_console_logs_in_runs_a_command_and_powers_off_and_d2l_exits_0()
    {
        string disk = await DebianDisk.GetRawAsync();
        // TCG: under --accel auto a KVM attempt that fails here would be repeated, which is not what this tests.
        using var process = D2lProcess.StartAsNobody(_temp, ["boot", disk, "--interactive", "--accel", "tcg", "--timeout", "30"],
            redirectInput: true);
        var reader = PumpAsync(process.StandardOutput);
        try
        {
            await TypeWhenAsync("login:", "root", BootLimit, process);
            await TypeWhenAsync("Password:", DebianDisk.RootPassword, StepLimit, process);
            // The echo shows the arithmetic unexpanded; only the shell's output holds the result.
            await TypeWhenAsync("# ", "echo interactive-$((6*7))", StepLimit, process);
            await WaitForAsync("interactive-42", StepLimit, process);
            await process.StandardInput.WriteAsync("poweroff\n");
            await process.StandardInput.FlushAsync();

            using var exited = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(exited.Token);
            await reader;
            output.WriteLine(await process.StandardError.ReadToEndAsync());
            // --timeout (30 s) was long past: a person at the console is never timed out.
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            output.WriteLine(Console());
        }
    }

    private async Task PumpAsync(StreamReader stdout)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await stdout.ReadAsync(buffer)) > 0)
        {
            lock (_console)
            {
                _console.Append(buffer, 0, read);
            }
        }
    }

    private async Task TypeWhenAsync(string prompt, string line, TimeSpan limit, System.Diagnostics.Process process)
    {
        await WaitForAsync(prompt, limit, process);
        await process.StandardInput.WriteAsync(line + "\n");
        await process.StandardInput.FlushAsync();
    }

    // Waits for text that appears after everything already waited for.
    private int _seen;

    private async Task WaitForAsync(string text, TimeSpan limit, System.Diagnostics.Process process)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            string console = Console();
            int at = console.IndexOf(text, _seen, StringComparison.Ordinal);
            if (at >= 0)
            {
                _seen = at + text.Length;
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"'{text}' did not appear on the console within {limit.TotalSeconds:0} s (d2l exited: {process.HasExited})");
    }

    private string Console()
    {
        lock (_console)
        {
            return _console.ToString();
        }
    }

    public void Dispose() => _temp.Dispose();
}
