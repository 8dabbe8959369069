namespace DockerToLinux.Qemu;

/// <summary>How one QEMU run ended.</summary>
internal enum AttemptEnd
{
    /// <summary>The console matched the expected pattern.</summary>
    Matched,

    /// <summary>The boot timeout passed first.</summary>
    TimedOut,

    /// <summary>QEMU exited by itself first (no bootable device, guest reboot or panic, bad arguments).</summary>
    Exited,

    /// <summary>QEMU reported "KVM internal error": KVM cannot run this guest code here.</summary>
    KvmInternalError,

    /// <summary>A KVM guest printed nothing for too long: taken as a KVM hang.</summary>
    KvmSilent,

    /// <summary>The console showed a failure the boot cannot recover from (a panic, a rescue shell).</summary>
    FailureSign,

    /// <summary>The guest booted, but logging in on its console to run the command failed.</summary>
    LoginFailed,
}

/// <summary>The result of one QEMU run under one accelerator.</summary>
/// <param name="End">How it ended.</param>
/// <param name="Detail">One line: why it ended, for a failure message.</param>
/// <param name="LastLines">The last console lines.</param>
/// <param name="SawOutput">Whether the console printed anything.</param>
/// <param name="Stages">When each stage was reached.</param>
/// <param name="Diagnosis">Why the boot failed; null when it matched.</param>
/// <param name="Command">The console command's result, when one was run.</param>
internal sealed record AttemptOutcome(AttemptEnd End, string Detail, IReadOnlyList<string> LastLines, bool SawOutput,
    IReadOnlyList<StageTime> Stages, BootDiagnosis? Diagnosis, CommandOutcome? Command)
{
    /// <summary>What ended the run in its own words ("KVM internal error. Suberror: 1"), before any diagnosis.</summary>
    public string Reason { get; init; } = "";

    /// <summary>An app VM's exit status, when its init reported one.</summary>
    public int? AppExitCode { get; init; }
}
