using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CliWrap;

namespace DockerToLinux.Qemu;

/// <summary>
/// One QEMU run under one accelerator: streams the serial console, times the boot stages, stops QEMU as
/// soon as the pattern matches (or the console command has run), a failure sign shows, the time is up,
/// or (when guarding KVM) KVM breaks or hangs.
/// </summary>
internal sealed class BootAttempt
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(200);

    // After a fatal sign the console keeps talking for a moment (the panic's trace, the initramfs's ALERT
    // naming the missing device); that is evidence worth waiting for.
    private static readonly TimeSpan FailureGrace = TimeSpan.FromSeconds(3);

    private readonly string _qemuPath;
    private readonly BootOptions _options;
    private readonly string _accel;
    private readonly TimeSpan? _kvmSilenceLimit;
    private readonly Lock _gate = new();
    private readonly List<string> _stderr = [];
    private readonly ConsoleTranscript _transcript;
    private readonly StageMarkers _stages = new();
    private readonly Stopwatch _clock = new();
    private readonly SerialSession? _session;
    private AttemptEnd? _end;
    private string _detail = "";
    private long _lastOutputTicks;
    private (FailureSign Sign, string Line)? _sign;
    private TimeSpan? _fatalSignAt;
    private TimeSpan? _bootedAt;
    private Task _sessionTask = Task.CompletedTask;
    private CommandOutcome? _command;
    private int? _appExit;
    private readonly AppInputPump? _appInput;

    /// <summary>Prepares a run.</summary>
    /// <param name="qemuPath">The QEMU program.</param>
    /// <param name="options">What to boot.</param>
    /// <param name="accel"><see cref="QemuCommandLine.Kvm"/> or <see cref="QemuCommandLine.Tcg"/>.</param>
    /// <param name="kvmSilenceLimit">Give up a KVM run that prints nothing for this long; null not to.</param>
    public BootAttempt(string qemuPath, BootOptions options, string accel, TimeSpan? kvmSilenceLimit)
    {
        _qemuPath = qemuPath;
        _options = options;
        _accel = accel;
        _kvmSilenceLimit = kvmSilenceLimit;
        // An app VM ends with its exit status, never with a pattern its output might happen to contain.
        _transcript = new ConsoleTranscript(
            new Regex(options.App ? "(?!)" : options.ExpectPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), Observe);
        _session = options.Command is null ? null : new SerialSession();
        _appInput = options.App && options.AppInput is { } input ? new AppInputPump(input) : null;
    }

    /// <summary>Runs QEMU until one of the ends in <see cref="AttemptEnd"/>.</summary>
    public async Task<AttemptOutcome> RunAsync(TextWriter consoleOut, TextWriter? log, CancellationToken cancellationToken)
    {
        using var files = AttemptFiles.Create(_options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var control = _options.App ? AppControl.Listen(files.ControlSocket) : null;
        _clock.Start();
        Interlocked.Exchange(ref _lastOutputTicks, _clock.Elapsed.Ticks);
        var controlTask = control is null ? Task.CompletedTask : control.ReadAsync(OnAppStatus, stop.Token);
        await using var stopRequest = _options.AppStop.Register(() => _ = control?.SendStopAsync());
        var command = Cli.Wrap(_qemuPath)
            .WithArguments(QemuCommandLine.Build(_options, _accel, files.FirmwareLog, files.OvmfVars, control?.SocketPath))
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(_session?.Input
                ?? (_appInput is { } appInput ? PipeSource.Create((console, token) => appInput.CopyAsync(console, token))
                    : _options.Interactive ? PipeSource.FromStream(Console.OpenStandardInput()) : PipeSource.Null))
            .WithStandardOutputPipe(PipeTarget.Create((stream, _) => PumpConsoleAsync(stream, consoleOut, log, stop)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => OnStderrLine(line, stop)));
        var watchdog = WatchAsync(files, stop);
        try
        {
            var result = await command.ExecuteAsync(stop.Token);
            // The control channel's last line may still be on its way when QEMU has gone.
            await controlTask.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            if (_options.Interactive && _bootedAt is not null)
            {
                End(AttemptEnd.Matched, "the guest powered off");
            }
            lock (_gate)
            {
                if (_appExit is { } status)
                {
                    End(AttemptEnd.Matched, $"the app exited with status {status}");
                }
            }
            End(AttemptEnd.Exited, ExitDetail(result.ExitCode, files.ReadFirmwareLog()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // We stopped QEMU ourselves; _end says why.
        }
        finally
        {
            await stop.CancelAsync();
            await watchdog;
            await _sessionTask;
            await controlTask;
        }
        string firmware = files.ReadFirmwareLog();
        lock (_gate)
        {
            _stages.ObserveFirmware(firmware, _clock.Elapsed);
            var end = _end ?? AttemptEnd.Exited;
            var lastLines = _transcript.LastLines();
            BootDiagnosis? diagnosis = end switch
            {
                AttemptEnd.Matched => null,
                AttemptEnd.LoginFailed => DiagnosisBuilder.LoginFailed(_detail, lastLines),
                _ => DiagnosisBuilder.Build(end, _detail, _sign, _stages, firmware, lastLines),
            };
            return new AttemptOutcome(end, diagnosis?.Summary ?? _detail, lastLines, _transcript.SawOutput,
                _stages.Times, diagnosis, _command) { Reason = _detail, AppExitCode = _appExit };
        }
    }

    private async Task PumpConsoleAsync(Stream stream, TextWriter consoleOut, TextWriter? log, CancellationTokenSource stop)
    {
        // Not the pipe's token: the console is read to its end even after QEMU is stopped, so that
        // nothing it printed is lost from the log.
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4 * Units.KiB];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            int count = decoder.GetChars(bytes, 0, read, chars, 0);
            var text = chars.AsMemory(0, count);
            if (ShowsOnConsole())
            {
                await consoleOut.WriteAsync(text);
                await consoleOut.FlushAsync();
            }
            if (log is not null)
            {
                await log.WriteAsync(text);
                await log.FlushAsync();
            }
            Interlocked.Exchange(ref _lastOutputTicks, _clock.Elapsed.Ticks);
            bool matched;
            bool startSession;
            lock (_gate)
            {
                if (_bootedAt is not null)
                {
                    _session?.Receive(text.Span);
                }
                matched = _transcript.Append(text.Span);
                startSession = matched && _bootedAt is null && _session is not null;
                if (matched && _bootedAt is null)
                {
                    _bootedAt = _clock.Elapsed;
                    _stages.Record(BootStage.LoginPrompt, _clock.Elapsed);
                }
            }
            if (startSession)
            {
                _sessionTask = RunSessionAsync(stop);
            }
            else if (matched && _session is null && !_options.Interactive && End(AttemptEnd.Matched, $"console matched /{_options.ExpectPattern}/"))
            {
                await stop.CancelAsync();
            }
        }
    }

    // An app VM's console shows only what the app writes: not the boot before it, nor the power-off after it.
    private bool ShowsOnConsole()
    {
        lock (_gate)
        {
            return !_options.App || (_bootedAt is not null && _appExit is null);
        }
    }

    /// <summary>Records an app VM's status line: the init's start, the app's start and exit.</summary>
    private void OnAppStatus(AppStatus status)
    {
        var now = _clock.Elapsed;
        lock (_gate)
        {
            switch (status.Kind)
            {
                case AppStatusKind.Init:
                    _stages.Record(BootStage.Init, now);
                    break;
                case AppStatusKind.Started:
                    _bootedAt ??= now;
                    _stages.Record(BootStage.AppStarted, now);
                    break;
                case AppStatusKind.Input:
                    _appInput?.AppReads();
                    break;
                case AppStatusKind.Exit:
                    _appExit ??= status.Value;
                    _stages.Record(BootStage.AppExited, now);
                    break;
            }
        }
        Interlocked.Exchange(ref _lastOutputTicks, now.Ticks);
    }

    private async Task RunSessionAsync(CancellationTokenSource stop)
    {
        try
        {
            var outcome = await ConsoleCommandRunner.RunAsync(_session!, _options.Command!, stop.Token);
            lock (_gate)
            {
                _command = outcome;
            }
            End(AttemptEnd.Matched, $"the command exited with status {outcome.ExitCode}");
        }
        catch (ConsoleLoginException e)
        {
            End(AttemptEnd.LoginFailed, e.Message);
        }
        catch (OperationCanceledException)
        {
            // QEMU ended or the time ran out; _end says why.
            return;
        }
        await stop.CancelAsync();
    }

    /// <summary>Sees each console line under <see cref="_gate"/>: stage markers and failure signs.</summary>
    private void Observe(string line, bool finished)
    {
        var now = _clock.Elapsed;
        _stages.ObserveConsole(line, now);
        if (_bootedAt is not null || FailureSigns.Match(line, finished) is not { } sign)
        {
            return;
        }
        // A later line of the same cause tends to say more: the initramfs's "ALERT! UUID=… does not exist"
        // comes after its "Gave up waiting for root file system device".
        if (_sign is null || FailureSigns.Rank(sign.Cause) <= FailureSigns.Rank(_sign.Value.Sign.Cause))
        {
            _sign = (sign, line);
        }
        if (sign.EndsBoot)
        {
            _fatalSignAt ??= now;
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

    private async Task WatchAsync(AttemptFiles files, CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (Check(files) is not var (end, detail))
                {
                    continue;
                }
                End(end, detail);
                await stop.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // QEMU ended or was stopped for another reason.
        }
    }

    /// <summary>One look at the clock, the firmware and the console: a reason to stop, or null.</summary>
    private (AttemptEnd End, string Detail)? Check(AttemptFiles files)
    {
        var now = _clock.Elapsed;
        var silent = now - TimeSpan.FromTicks(Interlocked.Read(ref _lastOutputTicks));
        bool firmwareQuiet;
        lock (_gate)
        {
            // The boot loader's banner can reach the console before the first look at the firmware's log;
            // the log is still read once more, so the firmware stage gets its time now and not at the end.
            firmwareQuiet = _stages.Saw(BootStage.Bootloader) && _stages.Saw(BootStage.Firmware);
        }
        string firmware = firmwareQuiet ? "" : files.ReadFirmwareLog();
        lock (_gate)
        {
            _stages.ObserveFirmware(firmware, now);
            // An app runs as long as it likes once started; it ends by its exit, a stop request or an interruption.
            if (_options.App && _bootedAt is not null)
            {
                return null;
            }
            if (_bootedAt is { } booted && !_options.Interactive)
            {
                return now - booted >= _options.Timeout
                    ? (AttemptEnd.TimedOut, $"the console command did not finish within {_options.Timeout.TotalSeconds:0} s")
                    : null;
            }
            // A person at the console may want to look around a rescue shell, and takes as long as they like.
            if (_options.Interactive)
            {
                return null;
            }
            if (_fatalSignAt is { } seen && now - seen >= FailureGrace)
            {
                return (AttemptEnd.FailureSign, _sign?.Line ?? "");
            }
        }
        if (now >= _options.Timeout)
        {
            return (AttemptEnd.TimedOut, TimeoutDetail());
        }
        if (_kvmSilenceLimit is { } limit && silent >= limit)
        {
            return (AttemptEnd.KvmSilent, $"no console output for {limit.TotalSeconds:0} s");
        }
        return null;
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
            return _options.App
                ? $"timeout: the app did not start within {_options.Timeout.TotalSeconds:0} s; {last}"
                : $"timeout: no /{_options.ExpectPattern}/ on the console within {_options.Timeout.TotalSeconds:0} s; {last}";
        }
    }

    private string ExitDetail(int exitCode, string firmware)
    {
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
            return _options.App
                ? $"QEMU exited with code {exitCode} before the app reported its exit status; {why}"
                : $"QEMU exited with code {exitCode} before /{_options.ExpectPattern}/ appeared; {why}";
        }
    }
}
