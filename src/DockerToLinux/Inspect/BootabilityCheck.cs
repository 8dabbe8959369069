using DockerToLinux.AppInit;
using DockerToLinux.Boot;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Inspect;

/// <summary>
/// Judges a flattened tree the way a build would treat it: the kernel and initramfs as
/// <see cref="KernelLocator"/> finds them, the init (the image's own when <see cref="ImageInit"/> says it boots a
/// system, else d2l's app init when the image names a process), and syslinux's files at the paths
/// <see cref="SyslinuxLocator"/> reads, in the image or on this machine.
/// </summary>
internal static class BootabilityCheck
{
    private const string Template = "build FROM this image with templates/debian/Dockerfile (--build-arg BASE=<image>), which adds "
        + "linux-image-amd64 with its initramfs, systemd-sysv and extlinux + syslinux-common; on Alpine install linux-virt, openrc and syslinux";

    /// <param name="tree">The image's merged tree.</param>
    /// <param name="hostRoot">Where this machine's files are looked up ("/" except in tests).</param>
    /// <param name="pairing">What a kernel image named with the image gives it, or null to judge the image's own kernel.</param>
    /// <param name="inittab">The image's <c>/etc/inittab</c>, or null when it has none.</param>
    /// <param name="hasProcess">Whether the image's Entrypoint and Cmd name a process for d2l's app init.</param>
    public static BootabilityVerdict Judge(FileTree tree, string hostRoot = "/", KernelPairing? pairing = null, string? inittab = null,
        bool hasProcess = false)
    {
        var missing = new List<string>();
        var kernel = pairing is { KernelPath: { } pairedKernel } ? new BootKernel(pairedKernel, pairing.InitrdPath)
            : pairing is null ? KernelLocator.Find(tree) : null;
        if (pairing?.Problem is { } problem)
        {
            missing.Add($"a kernel from {pairing.KernelImage}: {problem}");
        }
        else if (kernel is null)
        {
            missing.Add("kernel (no /vmlinuz, /boot/vmlinuz-* or /usr/lib/modules/*/vmlinuz; or name a kernel image, see templates/kernel)");
        }
        else if (kernel.InitrdPath is null && pairing is null)
        {
            missing.Add($"initramfs for {kernel.KernelPath} (no /initrd.img or /boot/initrd.img-*)");
        }
        // As a build with --init auto decides: the image's own init when it boots a system, else the app init.
        bool ownInit = ImageInit.HasOwn(tree, inittab);
        string? init = ownInit ? TreePaths.Canonical(tree, ImageInit.InitPath) : null;
        bool appInit = !ownInit && hasProcess;
        if (!ownInit && !hasProcess)
        {
            missing.Add("init (/sbin/init, for example systemd-sysv; or an Entrypoint or Cmd for d2l's app init to run)");
        }
        string? bootloader = HasSyslinux(path => TreePaths.IsNonEmptyFile(tree, path)) ? "the image"
            : HasSyslinux(path => new FileInfo(Path.Combine(hostRoot, path.TrimStart('/'))) is { Exists: true, Length: > 0 }) ? "this machine"
            : null;
        if (bootloader is null)
        {
            missing.Add($"boot loader files ({SyslinuxLocator.ExtlinuxPath} and mbr.bin from extlinux and syslinux-common)");
        }
        return new BootabilityVerdict(missing.Count == 0, kernel?.KernelPath, kernel?.InitrdPath, init, bootloader, missing,
            missing.Count == 0 ? null : Template) { KernelPairing = pairing, AppInit = appInit };
    }

    private static bool HasSyslinux(Func<string, bool> exists) =>
        exists(SyslinuxLocator.ExtlinuxPath) && SyslinuxLocator.MbrPaths.Any(exists);
}
