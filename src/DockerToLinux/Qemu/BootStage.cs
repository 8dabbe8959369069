namespace DockerToLinux.Qemu;

/// <summary>The stages of a BIOS boot, in order, each recognised by what it prints.</summary>
public enum BootStage
{
    /// <summary>SeaBIOS started: its first output on the debug port.</summary>
    Firmware,

    /// <summary>
    /// The firmware handed over to the boot code ("Booting from Hard Disk...") or a boot loader spoke
    /// ("SYSLINUX 6.04", "Loading /boot/vmlinuz…").
    /// </summary>
    Bootloader,

    /// <summary>The kernel printed its first line ("Linux version …").</summary>
    Kernel,

    /// <summary>
    /// The kernel started user space: "Run /init as init process", or systemd's first words; for an app VM, whose
    /// console is quiet, its init's first status line.
    /// </summary>
    Init,

    /// <summary>The expected pattern (by default a login prompt) appeared.</summary>
    LoginPrompt,

    /// <summary>An app VM's init reported that the app is about to be executed.</summary>
    AppStarted,

    /// <summary>An app VM's init reported the app's exit status.</summary>
    AppExited,
}
