namespace DockerToLinux.KubeVirt;

/// <summary>
/// The bus of a VirtualMachine's disks (KubeVirt's <c>DiskBus</c>: virtio, sata, scsi, usb). A disk whose kernel
/// boots through an initramfs, or one built without a kernel image whose drivers d2l knows, gets virtio, KubeVirt's
/// fastest; a kernel image without an initramfs boots only from the buses its built-in drivers serve.
/// </summary>
internal static class KubeVirtDiskBus
{
    /// <summary>KubeVirt's name of the bus for a kernel that boots from <paramref name="kernelBuses"/> (null: any).</summary>
    /// <exception cref="D2lException">The kernel has neither virtio nor AHCI built in, the buses KubeVirt and it share.</exception>
    public static string For(IReadOnlyList<DiskBus>? kernelBuses)
    {
        if (kernelBuses is null || kernelBuses.Contains(DiskBus.Virtio))
        {
            return "virtio";
        }
        if (kernelBuses.Contains(DiskBus.Ahci))
        {
            return "sata";
        }
        throw D2lException.BadSetting(Setting.KubeVirtManifest,
            $"the disk's kernel boots only from {string.Join(", ", kernelBuses.Select(bus => bus.ToString().ToLowerInvariant()))} disks, "
            + "and KubeVirt attaches disks by virtio, sata, scsi or usb");
    }
}
