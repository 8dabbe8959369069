using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CliWrap;

namespace DockerToLinux.Qemu;

/// <summary>
/// One QEMU run under one accelerator: streams the serial console, stops QEMU as soon as the pattern
/// matches, the time is up, or (when guarding KVM) KVM breaks or hangs.
/// </summary>
/// <param name="qemuPath">The QEMU program.</param>
/// <param name="options">What to boot.</param>
/// <param name="accel"><see cref="QemuCommandLine.Kvm"/> or <see cref="QemuCommandLine.Tcg"/>.</param>
/// <param name="kvmSilenceLimit">Give up a KVM run that prints nothing for this long; null not to.</param>
internal sealed class BootAttempt(string qemuPath, BootOptions options, string accel, TimeSpan? kvmSilenceLimit)
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly List<string> _stderr = [];
    private readonly ConsoleTranscript _transcript =
        new(new Regex(options.ExpectPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    private AttemptEnd? _end;
    private string _detail = "";
    private long _lastOutputTicks;

    /// <summary>Runs QEMU until one of the ends in <see cref="AttemptEnd"/>.</summary>
    public async Task<AttemptOutcome> RunAsync(TextWriter consoleOut, TextWriter? log, CancellationToken cancellationToken)
    {
        string firmwareLog = Path.Combine(Path.GetTempPath(), $"d2l-seabios-{Guid.NewGuid():N}.log");
        // OVMF writes its variables (boot entries it discovers) into this flash; each attempt starts from the empty store.
        string? ovmfVars = null;
        if (options.Firmware == Firmware.Uefi)
        {
            ovmfVars = Path.Combine(Path.GetTempPath(), $"d2l-ovmf-vars-{Guid.NewGuid():N}.fd");
            File.Copy(options.OvmfVarsTemplatePath, ovmfVars);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        Interlocked.Exchange(ref _lastOutputTicks, clock.Elapsed.Ticks);
        var command = Cli.Wrap(qemuPath)
            .WithArguments(QemuCommandLine.Build(options, accel, firmwareLog, ovmfVars))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.Create((stream, _) => PumpConsoleAsync(stream, consoleOut, log, clock, stop)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => OnStderrLine(line, stop)));
        var watchdog = WatchAsync(clock, stop);
        try
        {
            var result = await command.ExecuteAsync(stop.Token);
            End(AttemptEnd.Exited, ExitDetail(result.ExitCode, firmwareLog));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // We stopped QEMU ourselves; _end says why.
        }
        finally
        {
            await stop.CancelAsync();
            await watchdog;
            File.Delete(firmwareLog);
            if (ovmfVars is not null)
            {
                File.Delete(ovmfVars);
            }
        }
        lock (_gate)
        {
            return new AttemptOutcome(_end ?? AttemptEnd.Exited, _detail, _transcript.LastLines(), _transcript.SawOutput);
        }
    }

    private async Task PumpConsoleAsync(Stream stream, TextWriter consoleOut, TextWriter? log, Stopwatch clock,
        CancellationTokenSource stop)
    {
        // Not the pipe's token: the console is read to its end even after QEMU is stopped, so that
        // nothing it printed is lost from the log.
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            int count = decoder.GetChars(bytes, 0, read, chars, 0);
            var text = chars.AsMemory(0, count);
            await consoleOut.WriteAsync(text);
            await consoleOut.FlushAsync();
            if (log is not null)
            {
                await log.WriteAsync(text);
                await log.FlushAsync();
            }
            Interlocked.Exchange(ref _lastOutputTicks, clock.Elapsed.Ticks);
            bool matched;
            lock (_gate)
            {
                matched = _transcript.Append(text.Span);
            }
            if (matched && End(AttemptEnd.Matched, $"console matched /{options.ExpectPattern}/"))
            {
                await stop.CancelAsync();
            }
        }
    }

    private void OnStderrLine(string line, CancellationTokenSource stop)
    {
        lock (_gate)
        {
            _stderr.Add(line);
        }
        // After this message QEMU pauses the guest and waits forever, so it has to be stopped.
        if (line.Contains("KVM internal error", StringComparison.Ordinal)
            && End(AttemptEnd.KvmInternalError, line.Trim()))
        {
            stop.Cancel();
        }
    }

    private async Task WatchAsync(Stopwatch clock, CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var silent = clock.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref _lastOutputTicks));
                if (clock.Elapsed >= options.Timeout)
                {
                    End(AttemptEnd.TimedOut, TimeoutDetail());
                }
                else if (kvmSilenceLimit is { } limit && silent >= limit)
                {
                    End(AttemptEnd.KvmSilent, $"no console output for {limit.TotalSeconds:0} s");
                }
                else
                {
                    continue;
                }
                await stop.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // QEMU ended or was stopped for another reason.
        }
    }

    /// <summary>Sets how the run ended, unless something else ended it first.</summary>
    private bool End(AttemptEnd end, string detail)
    {
        lock (_gate)
        {
            if (_end is not null)
            {
                return false;
            }
            _end = end;
            _detail = detail;
            return true;
        }
    }

    private string TimeoutDetail()
    {
        lock (_gate)
        {
            string last = _transcript.LastVisibleLine() is { } line ? $"last console line: {line}" : "the console stayed silent";
            return $"no /{options.ExpectPattern}/ on the console within {options.Timeout.TotalSeconds:0} s; {last}";
        }
    }

    private string ExitDetail(int exitCode, string firmwareLog)
    {
        string firmware = File.Exists(firmwareLog) ? File.ReadAllText(firmwareLog) : "";
        lock (_gate)
        {
            if (firmware.Contains("No bootable device", StringComparison.Ordinal))
            {
                return "no bootable device: the firmware found no boot loader on the disk (SeaBIOS: No bootable device.)";
            }
            string? error = _stderr.LastOrDefault(line => line.Contains("qemu-system", StringComparison.Ordinal))
                ?? _stderr.LastOrDefault(line => line.Trim().Length > 0);
            string? last = _transcript.LastVisibleLine();
            string why = error is not null ? error.Trim() : last is not null ? $"last console line: {last}" : "no console output";
            return $"QEMU exited with code {exitCode} before /{options.ExpectPattern}/ appeared; {why}";
        }
    }
}
