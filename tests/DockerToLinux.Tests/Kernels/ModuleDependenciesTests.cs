using DockerToLinux.Kernels;

namespace DockerToLinux.Tests.Kernels;

public class ModuleDependenciesTests
{
    private const string Dep = """
        kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
        kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
        kernel/drivers/net/virtio_net.ko: kernel/net/core/failover.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
        kernel/drivers/nvme/host/nvme-core.ko:
        kernel/lib/crc16.ko:
        """;

    [Fact]
    public void A_modules_needs_load_before_it_in_the_reverse_of_their_listed_order()
    {
        var order = ModuleDependencies.Parse(Dep).LoadOrder(["ext4"], new HashSet<string>());

        Assert.Equal(["kernel/fs/jbd2/jbd2.ko", "kernel/fs/mbcache.ko", "kernel/lib/crc16.ko", "kernel/fs/ext4/ext4.ko"], order);
    }

    [Fact]
    public void A_module_an_earlier_list_loaded_is_not_loaded_again()
    {
        var dependencies = ModuleDependencies.Parse(Dep);
        var loaded = new HashSet<string>();
        dependencies.LoadOrder(["virtio_blk"], loaded);

        var order = dependencies.LoadOrder(["virtio_net"], loaded);

        Assert.Equal(["kernel/net/core/failover.ko", "kernel/drivers/net/virtio_net.ko"], order);
    }

    [Fact]
    public void A_driver_modules_dep_does_not_list_is_built_in_and_loads_nothing()
    {
        var order = ModuleDependencies.Parse(Dep).LoadOrder(["virtio_pci", "nvme_core"], new HashSet<string>());

        Assert.Equal(["kernel/drivers/nvme/host/nvme-core.ko"], order);
    }
}
