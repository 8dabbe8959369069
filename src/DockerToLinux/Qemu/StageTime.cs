namespace DockerToLinux.Qemu;

/// <summary>When a boot reached one of its stages.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="At">Time since QEMU started, for the boot that decided the result.</param>
public sealed record StageTime(BootStage Stage, TimeSpan At);
