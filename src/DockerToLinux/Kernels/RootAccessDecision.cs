namespace DockerToLinux.Kernels;

/// <summary>
/// Decides how a kernel finds the root file system, or refuses a kernel that cannot.
/// </summary>
/// <remarks>
/// Besides an app VM's (<see cref="AppInitramfs"/>, which takes the kernel image's place and names the root the
/// same way), d2l writes no initramfs of its own. A kernel image with an initramfs brings a generic one (templates/kernel
/// builds Debian's with <c>MODULES=most</c>), which loads the driver of whatever bus the disk is on and
/// mounts the root by file system UUID. A kernel with ext4 and a disk driver built in needs none and boots
/// fastest, the root named by <c>PARTUUID=</c>, which the kernel resolves itself. A kernel with neither
/// cannot be helped by an initramfs of d2l's own without d2l also choosing its modules for it, so it is
/// refused with the reason, and the fix (a kernel image with an initramfs) stays with the user.
/// </remarks>
internal static class RootAccessDecision
{
    /// <summary>
    /// Each bus with the drivers it needs besides what Kconfig (or modules.dep) brings in with them: the controller
    /// and, for ATA, the SCSI disk driver that makes /dev/sdX; for virtio the PCI transport. Virtio comes first,
    /// as the bus <c>d2l boot</c> uses.
    /// </summary>
    internal static readonly (DiskBus Bus, string[] Drivers)[] BusDrivers =
    [
        (DiskBus.Virtio, ["virtio_blk", "virtio_pci"]),
        (DiskBus.Ide, ["ata_piix", "sd_mod"]),
        (DiskBus.Ahci, ["ahci", "sd_mod"]),
        (DiskBus.Nvme, ["nvme"]),
    ];

    /// <summary>Decides for the kernel chosen from <paramref name="image"/>, from what the image says of its built-in drivers.</summary>
    /// <exception cref="D2lException">The kernel can reach no root file system.</exception>
    public static async Task<RootAccess> DecideAsync(LoadedKernelImage image, CancellationToken cancellationToken) =>
        Decide(image.Kernel.InitramfsPath is not null, await BuiltInDriversReader.ReadAsync(image, cancellationToken).ConfigureAwait(false),
            image.Name);

    /// <summary>Decides for one kernel.</summary>
    /// <param name="hasInitramfs">Whether the kernel image has an initramfs for the kernel.</param>
    /// <param name="builtIn">The kernel's built-in drivers, or null if the image says nothing about them
    /// (no <c>config-V</c>, no <c>modules.builtin</c>).</param>
    /// <param name="kernelImageName">The kernel image's name, for messages.</param>
    /// <exception cref="D2lException">The kernel can reach no root file system.</exception>
    public static RootAccess Decide(bool hasInitramfs, BuiltInDrivers? builtIn, string kernelImageName)
    {
        if (hasInitramfs)
        {
            return new RootAccess(RootNaming.FilesystemUuid, null);
        }
        if (builtIn is null)
        {
            throw D2lException.BadInput(kernelImageName, "has no initramfs and neither a kernel config nor modules.builtin, "
                + "so nothing says the kernel can mount a root file system by itself; use a kernel image with an initramfs");
        }
        if (!builtIn.Has("ext4"))
        {
            throw D2lException.BadInput(kernelImageName, "has no initramfs and its kernel has ext4 only as a module, "
                + "so it cannot mount the root file system; use a kernel image with an initramfs");
        }
        var buses = BusDrivers.Where(bus => bus.Drivers.All(builtIn.Has)).Select(bus => bus.Bus).ToList();
        if (buses.Count == 0)
        {
            throw D2lException.BadInput(kernelImageName, "has no initramfs and its kernel has no disk driver built in "
                + "(virtio_blk with virtio_pci, ata_piix or ahci with sd_mod, nvme), so it cannot reach the root file system; "
                + "use a kernel image with an initramfs");
        }
        return new RootAccess(RootNaming.PartitionUuid, buses);
    }
}
