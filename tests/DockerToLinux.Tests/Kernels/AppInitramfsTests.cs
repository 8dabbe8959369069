using System.IO.Compression;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Kernels;

public class AppInitramfsTests
{
    private const string V = "6.1.0-50-amd64";
    private static readonly FsTimestamp Time = FsTimestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static SpooledKernelImage KernelImage(string moduleExtension = ".ko")
    {
        var image = new SpooledKernelImage();
        image.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage());
        image.File($"/boot/initrd.img-{V}", "generic initramfs");
        image.File("/usr/bin/busybox", KernelFiles.Elf(dynamic: false), 0b111_101_101);
        string m = $"/usr/lib/modules/{V}";
        image.File($"{m}/modules.dep", $"""
            kernel/fs/ext4/ext4{moduleExtension}: kernel/fs/jbd2/jbd2{moduleExtension}
            kernel/fs/jbd2/jbd2{moduleExtension}:
            kernel/crypto/crc32c_generic{moduleExtension}:
            kernel/drivers/block/virtio_blk{moduleExtension}: kernel/drivers/virtio/virtio{moduleExtension}
            kernel/drivers/virtio/virtio{moduleExtension}:
            kernel/drivers/net/virtio_net{moduleExtension}: kernel/drivers/virtio/virtio{moduleExtension}
            kernel/fs/fat/vfat{moduleExtension}:
            """);
        foreach (string file in new[] { "fs/ext4/ext4", "fs/jbd2/jbd2", "crypto/crc32c_generic", "drivers/block/virtio_blk",
                     "drivers/virtio/virtio", "drivers/net/virtio_net", "fs/fat/vfat" })
        {
            image.File($"{m}/kernel/{file}{moduleExtension}", $"{file} module");
        }
        return image;
    }

    private static async Task<string> ListingAsync(SpooledKernelImage source, TempDir folder)
    {
        var image = await source.LoadAsync();
        var dependencies = await AppInitramfs.DependenciesAsync(image, default);
        Assert.NotNull(dependencies);
        string path = folder.File("initramfs.cpio");
        await using (var output = File.Create(folder.File("initramfs.gz")))
        {
            await AppInitramfs.WriteAsync(image, dependencies, output, Time, default);
        }
        await using (var input = new GZipStream(File.OpenRead(folder.File("initramfs.gz")), CompressionMode.Decompress))
        await using (var plain = File.Create(path))
        {
            await input.CopyToAsync(plain);
        }
        Tool.Shell($"cd '{folder.Path}' && mkdir out && cd out && cpio -id --quiet -H newc < '{path}'").EnsureSuccess("cpio -id");
        return Tool.Shell($"cpio -it --quiet -H newc < '{path}'").EnsureSuccess("cpio -it").StdOut;
    }

    [Fact]
    public async Task The_archive_holds_busybox_init_and_only_the_modules_the_root_and_network_need()
    {
        using var source = KernelImage();
        using var folder = new TempDir();

        string listing = await ListingAsync(source, folder);

        var files = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(name => name.Contains('.') || name is "init" or "bin/busybox");
        Assert.Equal(["bin/busybox", "lib/modules/kernel/crypto/crc32c_generic.ko", "lib/modules/kernel/fs/jbd2/jbd2.ko",
            "lib/modules/kernel/fs/ext4/ext4.ko", "lib/modules/kernel/drivers/virtio/virtio.ko", "lib/modules/kernel/drivers/block/virtio_blk.ko",
            "lib/modules/kernel/drivers/net/virtio_net.ko", "init"], files);
    }

    [Fact]
    public async Task The_init_loads_the_file_system_then_a_disk_bus_then_the_network_each_after_what_it_needs()
    {
        using var source = KernelImage();
        using var folder = new TempDir();
        await ListingAsync(source, folder);

        var loads = File.ReadAllLines(Path.Combine(folder.Path, "out/init")).Where(line => line.Contains("load kernel/", StringComparison.Ordinal));

        Assert.Equal([
            "load kernel/crypto/crc32c_generic.ko kernel/fs/jbd2/jbd2.ko kernel/fs/ext4/ext4.ko",
            "[ -n \"$device\" ] || { load kernel/drivers/virtio/virtio.ko kernel/drivers/block/virtio_blk.ko; device=$(find_root 10); }",
            "load kernel/drivers/net/virtio_net.ko"], loads);
    }

    [Fact]
    public async Task A_kernel_image_with_compressed_modules_keeps_its_own_initramfs()
    {
        using var source = KernelImage(".ko.xz");

        Assert.Null(await AppInitramfs.DependenciesAsync(await source.LoadAsync(), default));
    }
}
