namespace DockerToLinux.Kernels;

/// <summary>How a kernel image lays out its kernel, initramfs and modules.</summary>
public enum KernelImageLayout
{
    /// <summary>Debian and Ubuntu: <c>/boot/vmlinuz-V</c>, <c>/boot/initrd.img-V</c>, modules in <c>/lib/modules/V</c>.</summary>
    Debian,

    /// <summary>Fedora and mkosi: <c>/usr/lib/modules/V/vmlinuz</c> with <c>initrd</c> beside it or <c>/boot/initramfs-V.img</c>.</summary>
    UsrLibModules,

    /// <summary>LinuxKit: <c>/kernel</c> and <c>/kernel.tar</c>, a tar holding <c>lib/modules/V</c>; no initramfs.</summary>
    LinuxKit,
}
