using System.Diagnostics;

namespace DockerToLinux.Qemu;

/// <summary>
/// Boots a disk image in QEMU, on a throwaway snapshot, and watches the serial console for a pattern
/// (a login prompt by default) to prove that the disk boots.
/// </summary>
public sealed class QemuBootRunner
{
    /// <summary>
    /// Boots the disk of <paramref name="options"/> and streams its serial console to
    /// <paramref name="consoleOut"/> (and to <see cref="BootOptions.LogPath"/>). Stops QEMU as soon
    /// as the pattern matches.
    /// </summary>
    /// <remarks>
    /// Under <see cref="Accelerator.Auto"/> a boot runs under KVM when <c>/dev/kvm</c> is usable and
    /// KVM has not failed earlier in this process; the boot itself is the probe. If QEMU reports a KVM
    /// internal error, the guest stays silent for <see cref="BootOptions.KvmSilenceLimit"/>, or QEMU
    /// quits early, the boot is repeated under TCG with the full timeout. Once KVM has broken a boot,
    /// later boots of the process use TCG at once.
    /// </remarks>
    /// <exception cref="D2lException">QEMU is not installed, the disk does not exist, or KVM was
    /// requested but <c>/dev/kvm</c> is not usable.</exception>
    public async Task<BootResult> RunAsync(BootOptions options, TextWriter consoleOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(consoleOut);
        Validate(options);
        string qemu = QemuLocator.Find();
        var clock = Stopwatch.StartNew();
        await using var log = OpenLog(options.LogPath);

        if (options.Accel == Accelerator.Tcg)
        {
            return await RunTcgAsync(qemu, options, consoleOut, log, clock, QemuCommandLine.Tcg, cancellationToken);
        }
        if (options.Accel == Accelerator.Auto && KvmVerdict.BrokenReason is { } earlier)
        {
            return await RunTcgAsync(qemu, options, consoleOut, log, clock,
                $"tcg (kvm failed earlier: {earlier})", cancellationToken);
        }
        if (options.Accel == Accelerator.Auto && !KvmVerdict.DeviceUsable())
        {
            return await RunTcgAsync(qemu, options, consoleOut, log, clock,
                "tcg (no usable /dev/kvm)", cancellationToken);
        }
        if (options.Accel == Accelerator.Kvm && !KvmVerdict.DeviceUsable())
        {
            throw D2lException.BadSetting(Setting.Accelerator, "KVM was requested, but /dev/kvm is missing or not accessible");
        }

        bool guarded = options.Accel == Accelerator.Auto;
        var kvm = await new BootAttempt(qemu, options, QemuCommandLine.Kvm, guarded ? options.KvmSilenceLimit : null)
            .RunAsync(consoleOut, log, cancellationToken);
        // An app that has started is not run a second time.
        if (!guarded || !ShouldRetryUnderTcg(kvm) || kvm.Stages.Any(stage => stage.Stage == BootStage.AppStarted))
        {
            return ToResult(kvm, QemuCommandLine.Kvm, clock);
        }

        // The raw reason, not the diagnosis: the label and the remembered verdict say what KVM did.
        string cause = kvm.Reason.Length > 0 ? kvm.Reason : kvm.Detail;
        bool kvmBroke = kvm.End is AttemptEnd.KvmInternalError or AttemptEnd.KvmSilent;
        if (kvmBroke)
        {
            KvmVerdict.RecordBroken(cause);
        }
        // An app VM's console is the app's output alone; the result's accelerator says what happened.
        if (!options.App)
        {
            await consoleOut.WriteLineAsync($"{Environment.NewLine}[d2l] KVM run ended ({cause}); booting again under TCG");
        }
        var tcg = await new BootAttempt(qemu, options, QemuCommandLine.Tcg, kvmSilenceLimit: null)
            .RunAsync(consoleOut, log, cancellationToken);
        if (!kvmBroke && tcg.End == AttemptEnd.Matched)
        {
            // The same disk booted under TCG but not under KVM: KVM is what failed.
            KvmVerdict.RecordBroken(cause);
        }
        string label = kvmBroke || tcg.End == AttemptEnd.Matched
            ? $"tcg (kvm failed: {cause})"
            : $"tcg (kvm run also failed: {cause})";
        return ToResult(tcg, label, clock);
    }

    /// <summary>
    /// The command line a boot of <paramref name="options"/> runs, as one line a person can paste into a
    /// shell; <c>qemu/boot-bios.sh</c> runs the same one. Under <see cref="Accelerator.Auto"/> it shows TCG,
    /// which is what runs wherever KVM does not work.
    /// </summary>
    /// <param name="options">What to boot.</param>
    /// <param name="firmwareLogPath">Where SeaBIOS's debug port output should go.</param>
    public static string DescribeCommandLine(BootOptions options, string firmwareLogPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        string accel = options.Accel == Accelerator.Kvm ? QemuCommandLine.Kvm : QemuCommandLine.Tcg;
        return string.Join(' ', QemuCommandLine.Build(options, accel, firmwareLogPath).Prepend(QemuLocator.ProgramName).Select(ShellQuote));
    }

    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// A KVM run that broke, hung, or ended with QEMU quitting early is repeated under TCG: a guest
    /// reset caused by KVM looks like a disk that does not boot, and an earlier KVM success proves
    /// little (a real-mode boot sector runs under KVM here while SYSLINUX and Linux do not). Such
    /// failures are quick, so the repeat is cheap. A timeout with a talking console is the disk's own.
    /// </summary>
    private static bool ShouldRetryUnderTcg(AttemptOutcome kvm) =>
        kvm.End is AttemptEnd.KvmInternalError or AttemptEnd.KvmSilent or AttemptEnd.Exited;

    private static async Task<BootResult> RunTcgAsync(string qemu, BootOptions options, TextWriter consoleOut,
        TextWriter? log, Stopwatch clock, string label, CancellationToken cancellationToken)
    {
        var outcome = await new BootAttempt(qemu, options, QemuCommandLine.Tcg, kvmSilenceLimit: null)
            .RunAsync(consoleOut, log, cancellationToken);
        return ToResult(outcome, label, clock);
    }

    private static BootResult ToResult(AttemptOutcome outcome, string accelerator, Stopwatch clock) => new()
    {
        Succeeded = outcome.End == AttemptEnd.Matched,
        AcceleratorUsed = accelerator,
        Elapsed = clock.Elapsed,
        Failure = outcome.End == AttemptEnd.Matched ? null : outcome.Detail,
        LastLines = outcome.LastLines,
        Stages = outcome.Stages,
        Diagnosis = outcome.Diagnosis,
        Command = outcome.Command,
        AppExitCode = outcome.AppExitCode,
    };

    private static void Validate(BootOptions options)
    {
        if (!File.Exists(options.DiskPath))
        {
            throw D2lException.BadInput(options.DiskPath, "no such disk image");
        }
        if (options.KernelPath is { } kernel && !File.Exists(kernel))
        {
            throw D2lException.BadInput(kernel, "no such kernel");
        }
        if (options.InitrdPath is { } initrd && !File.Exists(initrd))
        {
            throw D2lException.BadInput(initrd, "no such initramfs");
        }
        if (options.Firmware == Firmware.Uefi && !(File.Exists(options.OvmfCodePath) && File.Exists(options.OvmfVarsTemplatePath)))
        {
            throw D2lException.BadInput(options.OvmfCodePath, $"UEFI boots need OVMF ({options.OvmfCodePath} and "
                + $"{options.OvmfVarsTemplatePath}): apt-get install ovmf");
        }
        if (options.MemoryMiB < 16 || options.Cpus < 1 || options.Timeout <= TimeSpan.Zero)
        {
            throw new D2lException(FailureKind.BadInput,
                $"boot options out of range: {options.MemoryMiB} MiB, {options.Cpus} CPUs, timeout {options.Timeout}");
        }
        if (options.Command is { } command
            && (string.IsNullOrWhiteSpace(command.User) || string.IsNullOrWhiteSpace(command.Command)
                || command.User.Contains('\n') || command.Password.Contains('\n')))
        {
            throw new D2lException(FailureKind.BadInput, "the console command needs a user, a one-line password and a command");
        }
        try
        {
            _ = new System.Text.RegularExpressions.Regex(options.ExpectPattern);
        }
        catch (ArgumentException e)
        {
            throw D2lException.BadInput($"expect pattern /{options.ExpectPattern}/", e.Message, e);
        }
    }

    private static StreamWriter? OpenLog(string? path) =>
        path is null ? null : new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
}
