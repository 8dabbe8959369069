namespace DockerToLinux.Kernels;

/// <summary>
/// Where a kernel image's files go in the disk's tree, and which of them the image already has. Paths are
/// real paths in the disk's tree (a merged <c>/usr</c> resolved), so files are made where they belong and
/// never through a symlink.
/// </summary>
/// <param name="KernelPath">Where the bzImage goes: <c>/boot/vmlinuz-V</c>, where every boot loader reads it.</param>
/// <param name="InitramfsPath">Where the initramfs goes (<c>/boot/initrd.img-V</c>), or null if there is none.</param>
/// <param name="ModulesPath">The version's module folder in the image (<c>/usr/lib/modules/V</c> when <c>/lib</c>
/// links to <c>usr/lib</c>), or null for a kernel without modules.</param>
/// <param name="CopyKernel">False if the image already has the same kernel file there.</param>
/// <param name="CopyInitramfs">False if there is none or the image already has the same one there.</param>
/// <param name="CopyModules">False if there are none or the image already has the same module tree.</param>
public sealed record KernelInstallPlan(
    string KernelPath, string? InitramfsPath, string? ModulesPath, bool CopyKernel, bool CopyInitramfs, bool CopyModules);
