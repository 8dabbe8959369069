using DockerToLinux.Kernels;

namespace DockerToLinux.Tests.Kernels;

public class RootAccessDecisionTests
{
    [Fact]
    public void A_kernel_with_an_initramfs_names_the_root_by_file_system_uuid()
    {
        Assert.Equal(new RootAccess(RootNaming.FilesystemUuid, null), RootAccessDecision.Decide(true, null, "kernel.tar"));
    }

    [Fact]
    public void The_debian_cloud_kernel_config_boots_without_initramfs_from_nvme_only()
    {
        var config = BuiltInDrivers.FromKernelConfig(
            "CONFIG_EXT4_FS=y\nCONFIG_BLK_DEV_NVME=y\nCONFIG_VIRTIO_BLK=m\nCONFIG_VIRTIO_PCI=m\nCONFIG_SATA_AHCI=m\n# CONFIG_ATA_PIIX is not set\n");
        var access = RootAccessDecision.Decide(false, config, "kernel.tar");
        Assert.Equal(RootNaming.PartitionUuid, access.Naming);
        Assert.Equal([DiskBus.Nvme], access.Buses);
    }

    [Fact]
    public void Modules_builtin_paths_count_as_built_in_drivers_for_every_bus_they_complete()
    {
        var builtIn = BuiltInDrivers.FromModulesBuiltin(string.Join('\n',
            "kernel/fs/ext4/ext4.ko", "kernel/drivers/block/virtio_blk.ko", "kernel/drivers/virtio/virtio_pci.ko",
            "kernel/drivers/ata/ahci.ko", "kernel/drivers/scsi/sd_mod.ko", "kernel/drivers/nvme/host/nvme-core.ko"));
        Assert.Equal([DiskBus.Virtio, DiskBus.Ahci], RootAccessDecision.Decide(false, builtIn, "kernel.tar").Buses);
    }

    [Fact]
    public void A_kernel_without_initramfs_whose_ext4_is_a_module_is_refused_saying_so()
    {
        var config = BuiltInDrivers.FromKernelConfig("CONFIG_EXT4_FS=m\nCONFIG_BLK_DEV_NVME=y\n");
        var error = Assert.Throws<D2lException>(() => RootAccessDecision.Decide(false, config, "kernel.tar"));
        Assert.Contains("ext4 only as a module", error.Message);
    }

    [Fact]
    public void A_kernel_without_initramfs_and_without_a_built_in_disk_driver_is_refused_saying_so()
    {
        var config = BuiltInDrivers.FromKernelConfig("CONFIG_EXT4_FS=y\nCONFIG_VIRTIO_BLK=y\nCONFIG_SATA_AHCI=y\n");
        var error = Assert.Throws<D2lException>(() => RootAccessDecision.Decide(false, config, "kernel.tar"));
        Assert.Contains("no disk driver built in", error.Message);
    }

    [Fact]
    public void A_kernel_without_initramfs_that_says_nothing_of_its_drivers_is_refused()
    {
        var error = Assert.Throws<D2lException>(() => RootAccessDecision.Decide(false, null, "kernel.tar"));
        Assert.Contains("neither a kernel config nor modules.builtin", error.Message);
    }
}
