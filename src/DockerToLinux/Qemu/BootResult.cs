namespace DockerToLinux.Qemu;

/// <summary>How a boot went.</summary>
public sealed record BootResult
{
    /// <summary>Whether the console printed the expected pattern in time.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>
    /// The accelerator of the boot that decided the result: <c>kvm</c>, <c>tcg</c>, or
    /// <c>tcg (kvm failed: …)</c> when a KVM boot broke and was repeated under TCG.
    /// </summary>
    public required string AcceleratorUsed { get; init; }

    /// <summary>Wall-clock time of the whole run, including any KVM attempt that was given up.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>One line saying why the boot failed, or null when it succeeded.</summary>
    public string? Failure { get; init; }

    /// <summary>The last console lines of the deciding boot, cleaned of escapes, oldest first.</summary>
    public IReadOnlyList<string> LastLines { get; init; } = [];

    /// <summary>When the deciding boot reached each stage it reached, in boot order.</summary>
    public IReadOnlyList<StageTime> Stages { get; init; } = [];

    /// <summary>Why the boot failed, read from the console and the firmware; null when it succeeded.</summary>
    public BootDiagnosis? Diagnosis { get; init; }

    /// <summary>An app VM's exit status as its init reported it, or null when none arrived (see <see cref="BootOptions.App"/>).</summary>
    public int? AppExitCode { get; init; }

    /// <summary>The result of <see cref="BootOptions.Command"/>, when one was run.</summary>
    public CommandOutcome? Command { get; init; }
}
