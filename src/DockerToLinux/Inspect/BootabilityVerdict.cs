namespace DockerToLinux.Inspect;

/// <summary>Whether a disk built from the image can boot: what d2l found for each part and what is missing.</summary>
/// <param name="Bootable">True when kernel, initramfs, init and boot loader files are all there.</param>
/// <param name="Kernel">The kernel d2l would boot, or null.</param>
/// <param name="Initrd">Its initramfs, or null.</param>
/// <param name="Init">Where the image's own <c>/sbin/init</c> leads when it boots the image, or null.</param>
/// <param name="BootloaderFiles">Where extlinux and mbr.bin come from ("the image", "this machine"), or null.</param>
/// <param name="Missing">What is missing, one item each.</param>
/// <param name="Advice">What to do about it, or null when nothing is missing.</param>
public sealed record BootabilityVerdict(
    bool Bootable,
    string? Kernel,
    string? Initrd,
    string? Init,
    string? BootloaderFiles,
    IReadOnlyList<string> Missing,
    string? Advice)
{
    /// <summary>What the kernel image named with the image gives it, or null when none was named.</summary>
    public KernelPairing? KernelPairing { get; init; }

    /// <summary>
    /// True when the image has no init of its own that boots a system and d2l's app init would run its Entrypoint
    /// and Cmd instead (what <c>d2l build --init auto</c> does).
    /// </summary>
    public bool AppInit { get; init; }
}
