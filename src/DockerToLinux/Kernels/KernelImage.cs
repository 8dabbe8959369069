namespace DockerToLinux.Kernels;

/// <summary>
/// What a kernel image gives a disk: one kernel version's bzImage, its initramfs, its modules and, for
/// app VMs, a static busybox. All paths are absolute paths in the kernel image's flattened tree, symlinks
/// resolved, so the files can be streamed from that image's content into the disk being built.
/// </summary>
/// <remarks>
/// <para>Which modules a disk takes. An image with its own init (a whole system) takes the version's whole
/// module tree, so that <c>modprobe</c> and udev find any driver, as on an installed system. An app VM takes
/// none when the kernel image has an initramfs: that initramfs (<see cref="AppInitramfs"/>, or the generic one)
/// already holds and loads the disk and network drivers (virtio_blk, ahci, nvme, virtio_net, e1000…) before the
/// app's init starts, and an app
/// that loads modules itself is not what an app VM runs. Without an initramfs the drivers the boot needs
/// are built in (<see cref="RootAccessDecision"/>), and an app VM keeps the whole module tree as a system does;
/// its init loads no module, so there only a built-in network driver brings the network up.</para>
/// </remarks>
/// <param name="Layout">The layout the kernel was found in.</param>
/// <param name="Version">The kernel release (<c>uname -r</c>), such as <c>6.1.0-50-amd64</c>.</param>
/// <param name="KernelPath">The bzImage.</param>
/// <param name="InitramfsPath">Its initramfs, or null if the image has none for this version.</param>
/// <param name="Modules">Its modules, or null for a kernel without loadable modules.</param>
/// <param name="ConfigPath">Its build configuration (<c>/boot/config-V</c>), or null.</param>
/// <param name="BusyboxPath">A statically linked busybox in the image, or null.</param>
/// <param name="AvailableVersions">Every kernel version the image holds, oldest first.</param>
internal sealed record KernelImage(
    KernelImageLayout Layout,
    string Version,
    string KernelPath,
    string? InitramfsPath,
    ModuleTree? Modules,
    string? ConfigPath,
    string? BusyboxPath,
    IReadOnlyList<string> AvailableVersions);
