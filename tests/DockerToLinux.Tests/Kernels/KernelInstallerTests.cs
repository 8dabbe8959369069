using System.Formats.Tar;
using System.Text;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Boot;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Kernels;

public class KernelInstallerTests
{
    private const string V = "6.1.0-50-amd64";
    private static readonly FsTimestamp BuildTime = FsTimestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static async Task<TreeBuilder> InstallAsync(SpooledKernelImage source, TreeBuilder target)
    {
        var image = await source.LoadAsync();
        var plan = await KernelInstallPlanner.PlanAsync(target.Tree, image.Tree, image.Store, image.Kernel, "app.tar", image.Name, default);
        await KernelInstaller.InstallAsync(image, plan, target.Tree, target.Store, BuildTime, default);
        return target;
    }

    [Fact]
    public async Task Kernel_initramfs_and_modules_land_in_boot_and_the_real_module_folder_of_a_merged_usr_image_with_modes_and_links()
    {
        using var source = new SpooledKernelImage();
        source.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage());
        source.File($"/boot/initrd.img-{V}", "initramfs");
        source.File($"/usr/lib/modules/{V}/kernel/fs/fat/vfat.ko", "vfat module", 0b110_100_000);
        source.Link($"/usr/lib/modules/{V}/build", "/usr/src/linux-headers");
        var target = new TreeBuilder();
        target.File("/usr/lib/os-release", "ID=debian\n");
        target.Link("/lib", "usr/lib");

        await InstallAsync(source, target);

        var module = target.Tree.Lookup($"/usr/lib/modules/{V}/kernel/fs/fat/vfat.ko")!.Node;
        Assert.Equal(("vfat module", 0b110_100_000), (target.Text($"/usr/lib/modules/{V}/kernel/fs/fat/vfat.ko"), module.Permissions));
        Assert.Equal("/usr/src/linux-headers", target.Tree.Lookup($"/usr/lib/modules/{V}/build")!.Node.LinkTarget);
        Assert.Equal(KernelFiles.BzImage(), MemoryContentStore.Bytes(target.Tree.Resolve($"/boot/vmlinuz-{V}")!.Content!));
        Assert.Equal("initramfs", target.Text($"/boot/initrd.img-{V}"));
        Assert.Equal(NodeKind.Symlink, target.Tree.Lookup("/lib")!.Node.Kind);
    }

    [Fact]
    public async Task Folders_the_image_lacks_are_made_as_roots_0755_at_the_build_time()
    {
        using var source = new SpooledKernelImage();
        source.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage());
        var target = new TreeBuilder();
        target.File("/hello", "a static binary");

        await InstallAsync(source, target);

        var boot = target.Tree.Lookup("/boot")!.Node;
        Assert.Equal((NodeKind.Directory, 0b111_101_101, 0L, 0L, BuildTime), (boot.Kind, boot.Permissions, boot.Uid, boot.Gid, boot.ModificationTime));
    }

    [Fact]
    public async Task Only_the_version_folder_of_a_linuxkit_kernel_tar_is_copied_and_a_hard_link_in_it_stays_a_link()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "lib/modules/"));
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, $"lib/modules/{V}/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"lib/modules/{V}/modules.builtin")
            {
                DataStream = new MemoryStream("kernel/drivers/nvme/host/nvme.ko\n"u8.ToArray()),
                Mode = (UnixFileMode)0b110_100_100,
            });
            writer.WriteEntry(new UstarTarEntry(TarEntryType.HardLink, $"lib/modules/{V}/modules.builtin.copy")
            {
                LinkName = $"lib/modules/{V}/modules.builtin",
            });
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "lib/firmware/blob.bin") { DataStream = new MemoryStream([1, 2, 3]) });
        }
        using var source = new SpooledKernelImage();
        source.File("/kernel", KernelFiles.BzImage());
        source.File("/kernel.tar", tar.ToArray());
        var target = new TreeBuilder();

        await InstallAsync(source, target);

        var builtin = target.Tree.Lookup($"/lib/modules/{V}/modules.builtin")!.Node;
        Assert.Equal("kernel/drivers/nvme/host/nvme.ko\n", target.Text($"/lib/modules/{V}/modules.builtin"));
        Assert.Same(builtin, target.Tree.Lookup($"/lib/modules/{V}/modules.builtin.copy")!.Node);
        Assert.Null(target.Tree.Lookup("/lib/firmware"));
        Assert.Equal(Encoding.UTF8.GetBytes("kernel/drivers/nvme/host/nvme.ko\n").Length, builtin.Size);
    }
}
