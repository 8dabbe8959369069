using System.Buffers.Binary;
using DockerToLinux.Boot;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Boot;

public class ExtlinuxInstallerTests
{
    private static readonly Guid Uuid = new("0b7c8e2a-1d2f-4a5b-9c3d-7e6f5a4b3c2d");

    private static TreeBuilder DebianTree()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinuz-6.1.0-28-amd64", "kernel");
        t.File("/boot/initrd.img-6.1.0-28-amd64", "initrd");
        t.Link("/vmlinuz", "boot/vmlinuz-6.1.0-28-amd64");
        t.Link("/initrd.img", "boot/initrd.img-6.1.0-28-amd64");
        return t;
    }

    private static Task<BiosBootCode> InstallAsync(TreeBuilder t)
    {
        var kernel = KernelLocator.FindOrThrow(t.Tree, "debian-test");
        var entry = new BootEntry(kernel, KernelCommandLine.Build(t.Tree, Uuid, "quiet"), Uuid, "d2l: debian-test");
        return new ExtlinuxBoot(new SyslinuxLocator(), gpt: false).InstallAsync(t.Tree, t.Store, entry,
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), "debian-test", default);
    }

    [DebianExtlinuxFact]
    public async Task Installing_writes_a_patched_ldlinux_sys_ldlinux_c32_and_a_config_that_boots_the_kernel()
    {
        var t = DebianTree();
        var code = await InstallAsync(t);

        var ldlinux = t.Tree.Lookup("/boot/syslinux/ldlinux.sys")!.Node;
        Assert.Equal(0b100_100_100, ldlinux.Permissions);
        Assert.Equal(0, ldlinux.Uid);
        var bytes = MemoryContentStore.Bytes(ldlinux.Content!);
        var sectors = t.Store.GetSectors(ldlinux.Content!);
        int length = bytes.Length - 1024;
        Assert.Equal(0x3EB202FEu, LdlinuxPatcher.SumOfWords(bytes.AsSpan(0, length)));
        Assert.True(AdvSector.IsValid(bytes.AsSpan(length, 512)) && AdvSector.IsValid(bytes.AsSpan(length + 512, 512)));
        Assert.Equal(0b100_100_100, t.Tree.Lookup("/boot/syslinux/ldlinux.c32")!.Node.Permissions);
        Assert.Equal(1_700_000_000, ldlinux.ModificationTime.Seconds);

        string config = t.Text("/boot/syslinux/syslinux.cfg");
        Assert.Contains("SERIAL 0 115200\n", config);
        Assert.Contains("DEFAULT linux\n", config);
        Assert.Contains("  LINUX /boot/vmlinuz-6.1.0-28-amd64\n", config);
        Assert.Contains("  INITRD /boot/initrd.img-6.1.0-28-amd64\n", config);
        Assert.Contains($"  APPEND root=UUID={Uuid} ro console=tty0 console=ttyS0,115200n8 quiet\n", config);

        var bootSector = code.RootBootSector!(2048, 200_000);
        Assert.Equal((uint)sectors[0], BinaryPrimitives.ReadUInt32LittleEndian(bootSector.AsSpan(0x11A)));
        Assert.Equal(440, code.MbrCode.Length);
        Assert.Null(code.Embedded);
        Assert.True(code.LegacyBootableRoot);
    }

    [DebianExtlinuxFact]
    public async Task An_extlinux_conf_the_image_brought_into_the_install_folder_gets_the_same_configuration_as_syslinux_cfg()
    {
        var t = DebianTree();
        t.File("/boot/syslinux/extlinux.conf", "DEFAULT other\nLABEL other\n  LINUX /boot/other\n");
        await InstallAsync(t);

        string ours = t.Text("/boot/syslinux/syslinux.cfg");
        Assert.Contains("  LINUX /boot/vmlinuz-6.1.0-28-amd64\n", ours);
        Assert.Equal(ours, t.Text("/boot/syslinux/extlinux.conf"));
    }

    [InstalledExtlinuxFact]
    public async Task Boot_code_comes_from_the_image_before_the_host()
    {
        var t = DebianTree();
        t.File("/usr/bin/extlinux", File.ReadAllBytes(HostBootCode.Extlinux), 0b111_101_101);
        t.File("/usr/lib/EXTLINUX/mbr.bin", new byte[440]);
        using var emptyHost = new TempDir();
        var code = await new SyslinuxLocator(emptyHost.Path).LocateAsync(t.Tree, t.Store, "img", default);
        Assert.True(code.BlobsOrigin.FromImage);
        Assert.Equal(new BootCodeOrigin(true, "/usr/lib/EXTLINUX/mbr.bin"), code.MbrOrigin);
        Assert.Equal("the image's /usr/bin/extlinux", code.BlobsOrigin.ToString());
    }

    [Fact]
    public async Task Without_syslinux_in_the_image_or_on_the_host_the_error_says_what_to_install()
    {
        var t = DebianTree();
        using var emptyHost = new TempDir();
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            new SyslinuxLocator(emptyHost.Path).LocateAsync(t.Tree, t.Store, "debian:12", default));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith("debian:12: no syslinux boot code: install the extlinux and syslinux-common packages", error.Message);
    }

    [Fact]
    public void Alpine_gets_its_module_hints_on_the_command_line()
    {
        var t = new TreeBuilder();
        t.File("/etc/alpine-release", "3.20.0\n");
        string line = KernelCommandLine.Build(t.Tree, Uuid, null);
        Assert.Equal($"root=UUID={Uuid} ro rootfstype=ext4 modules=sd-mod,usb-storage,ext4 console=tty0 console=ttyS0,115200n8", line);
    }

    [Fact]
    public void A_config_for_a_kernel_without_initramfs_has_no_INITRD_line()
    {
        string config = SyslinuxConfigFile.Build(new BootKernel("/boot/vmlinuz-virt", null), "root=/dev/vda1");
        Assert.DoesNotContain("INITRD", config);
        Assert.Contains("TIMEOUT 10\n", config);
    }

    [Fact]
    public void A_symlinked_boot_directory_is_followed_and_kept()
    {
        var t = new TreeBuilder();
        t.Tree.Set("/real-boot", FsNode.NewDirectory(), 0);
        t.Link("/boot", "real-boot");
        var made = DockerToLinux.RootFs.TreeFiles.EnsureDirectory(t.Tree, "/boot/syslinux", default);
        Assert.Same(made, t.Tree.Lookup("/real-boot/syslinux")!.Node);
        Assert.Equal(NodeKind.Symlink, t.Tree.Lookup("/boot")!.Node.Kind);
    }
}
