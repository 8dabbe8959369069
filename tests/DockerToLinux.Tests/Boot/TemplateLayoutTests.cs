using DockerToLinux.Boot.Grub;
using DockerToLinux.Boot.Uefi;
using DockerToLinux.Boot;
using DockerToLinux.Disks.Fat32;
using DockerToLinux.Disks;
using DockerToLinux.Kernels;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Boot;

// The Ubuntu and Alpine templates cannot be built here (no mirror), so what d2l needs from them is checked
// on synthesized trees laid out as those distributions lay them out.
public class TemplateLayoutTests
{
    private static readonly Guid Uuid = new("0c1f2b4e-3a5d-4c6b-8e9f-a0b1c2d3e4f5");

    [Fact]
    public async Task An_Alpine_layout_boots_vmlinuz_virt_with_initramfs_virt_and_the_OpenRC_kernel_arguments_from_the_ESP()
    {
        var t = new TreeBuilder();
        t.File("/etc/alpine-release", "3.20.3\n");
        t.File("/etc/inittab", "ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100\n");
        t.File("/boot/vmlinuz-virt", "kernel");
        t.File("/boot/initramfs-virt", "initramfs");
        t.File(SystemdBootEsp.LoaderPath, "MZ loader");
        var kernel = KernelLocator.FindOrThrow(t.Tree, "alpine");
        string commandLine = KernelCommandLine.Build(t.Tree, Uuid, null);

        using var temp = new TempDir();
        string path = temp.File("esp.img");
        await using (var disk = new RawDiskTarget(path))
        {
            var esp = new Fat32Builder(disk, 64L << 20, 2048, 1, "ESP", DateTimeOffset.UnixEpoch);
            var origin = await SystemdBootEsp.WriteAsync(esp, t.Tree, t.Store, new BootFileReader("/nonexistent"), kernel, commandLine,
                "alpine", "alpine", default);
            await esp.FinishAsync(default);
            await disk.CompleteAsync(64L << 20, default);
            Assert.True(origin.FromImage);
        }

        Assert.Equal(new BootKernel("/boot/vmlinuz-virt", "/boot/initramfs-virt"), kernel);
        Assert.Contains("rootfstype=ext4", commandLine);
        Assert.Contains("modules=sd-mod,usb-storage,ext4", commandLine);
        Tool.Run("fsck.fat", "-n", path).EnsureSuccess("fsck.fat -n");
        string entry = Tool.Run("mtype", "-i", path, "::loader/entries/d2l.conf").EnsureSuccess("mtype").StdOut;
        Assert.Contains("linux /d2l/vmlinuz-virt\n", entry);
        Assert.Contains("initrd /d2l/initramfs-virt\n", entry);
        Assert.Contains($"options root=UUID={Uuid} ro rootfstype=ext4 modules=sd-mod,usb-storage,ext4", entry);
        Assert.Equal("kernel", Tool.Run("mtype", "-i", path, "::d2l/vmlinuz-virt").EnsureSuccess("mtype").StdOut);
    }

    [Fact]
    public void An_Ubuntu_layout_boots_the_generic_kernel_its_boot_symlinks_name_through_GRUB()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinuz-6.8.0-31-generic", "old");
        t.File("/boot/initrd.img-6.8.0-31-generic", "old");
        t.File("/boot/vmlinuz-6.8.0-45-generic", "new");
        t.File("/boot/initrd.img-6.8.0-45-generic", "new");
        t.Link("/boot/vmlinuz", "vmlinuz-6.8.0-45-generic");
        t.Link("/boot/initrd.img", "initrd.img-6.8.0-45-generic");

        var kernel = KernelLocator.FindOrThrow(t.Tree, "ubuntu");
        string config = GrubConfigFile.Build(kernel, KernelCommandLine.Build(t.Tree, Uuid, null), Uuid, "ubuntu");

        Assert.Equal(new BootKernel("/boot/vmlinuz-6.8.0-45-generic", "/boot/initrd.img-6.8.0-45-generic"), kernel);
        Assert.Contains($"search --no-floppy --fs-uuid --set=root {Uuid}", config);
        Assert.Contains($"linux /boot/vmlinuz-6.8.0-45-generic root=UUID={Uuid} ro console=tty0 console=ttyS0,115200n8\n", config);
        Assert.Contains("initrd /boot/initrd.img-6.8.0-45-generic\n", config);
        Assert.DoesNotContain("rootfstype", config);
    }
}
