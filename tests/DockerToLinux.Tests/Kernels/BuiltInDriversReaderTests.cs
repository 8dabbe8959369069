using DockerToLinux.Kernels;

namespace DockerToLinux.Tests.Kernels;

public class BuiltInDriversReaderTests
{
    private const string V = "6.1.0-50-cloud-amd64";

    [Fact]
    public async Task The_kernel_config_decides_over_modules_builtin()
    {
        using var source = new SpooledKernelImage();
        source.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage(V));
        source.File($"/boot/config-{V}", "CONFIG_EXT4_FS=y\nCONFIG_BLK_DEV_NVME=m\n");
        source.File($"/usr/lib/modules/{V}/modules.builtin", "kernel/drivers/nvme/host/nvme.ko\n");

        var drivers = await BuiltInDriversReader.ReadAsync(await source.LoadAsync(), default);

        Assert.Equal((true, false), (drivers!.Has("ext4"), drivers.Has("nvme")));
    }

    [Fact]
    public async Task Modules_builtin_inside_a_linuxkit_kernel_tar_names_the_built_in_drivers()
    {
        using var source = new SpooledKernelImage();
        source.File("/kernel", KernelFiles.BzImage(V));
        source.File("/kernel.tar", KernelFiles.ModuleTar(
            ($"lib/modules/{V}/modules.order", "kernel/fs/fat/vfat.ko\n"),
            ($"lib/modules/{V}/modules.builtin", "kernel/fs/ext4/ext4.ko\nkernel/drivers/nvme/host/nvme.ko\n")));

        var drivers = await BuiltInDriversReader.ReadAsync(await source.LoadAsync(), default);

        Assert.Equal((true, true, false), (drivers!.Has("ext4"), drivers.Has("nvme"), drivers.Has("vfat")));
    }

    [Fact]
    public async Task A_kernel_image_with_neither_config_nor_modules_builtin_says_nothing()
    {
        using var source = new SpooledKernelImage();
        source.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage(V));
        source.File($"/usr/lib/modules/{V}/modules.order", "kernel/fs/fat/vfat.ko\n");

        Assert.Null(await BuiltInDriversReader.ReadAsync(await source.LoadAsync(), default));
    }
}
