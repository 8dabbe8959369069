namespace DockerToLinux.Qemu;

/// <summary>Why a disk did not boot, as far as its console and firmware tell.</summary>
public enum BootFailureCause
{
    /// <summary>The firmware found nothing bootable (no boot signature, no disk).</summary>
    NoBootableDevice,

    /// <summary>The boot code or boot loader failed, or ran and printed nothing (zeroed or foreign MBR code).</summary>
    BootloaderError,

    /// <summary>The boot loader could not find the kernel file its configuration names.</summary>
    KernelNotFound,

    /// <summary>The kernel panicked for a reason other than the more specific ones below.</summary>
    KernelPanic,

    /// <summary>The kernel or the initramfs could not find or mount the root filesystem.</summary>
    RootFilesystemNotFound,

    /// <summary>The root filesystem was mounted but has no working init.</summary>
    InitMissing,

    /// <summary>The boot stopped in an emergency or rescue shell.</summary>
    EmergencyShell,

    /// <summary>The login on the serial console was refused or got no shell.</summary>
    LoginFailed,

    /// <summary>The expected text did not appear in time, and nothing above explains why.</summary>
    Timeout,

    /// <summary>QEMU itself quit or failed, or KVM stopped the guest, and nothing above explains why.</summary>
    QemuFailed,
}
