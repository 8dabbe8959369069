namespace DockerToLinux;

/// <summary>
/// The controller the boot disk hangs off, as the hypervisors a disk is meant for attach it: QEMU and
/// clouds with virtio, VirtualBox with AHCI, old setups with IDE, clouds and Hyper-V-era hosts with NVMe.
/// Booting one disk on each tells whether its kernel (or initramfs) has the driver for that bus.
/// </summary>
public enum DiskBus
{
    /// <summary>virtio-blk: the guest sees <c>/dev/vda</c>.</summary>
    Virtio,

    /// <summary>The PIIX IDE controller of QEMU's i440FX machine: <c>/dev/sda</c> through ata_piix.</summary>
    Ide,

    /// <summary>An AHCI (SATA) controller, VirtualBox's default: <c>/dev/sda</c> through ahci.</summary>
    Ahci,

    /// <summary>An NVMe controller: <c>/dev/nvme0n1</c>.</summary>
    Nvme,
}
