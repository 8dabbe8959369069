using DockerToLinux.Boot;
using DockerToLinux.Kernels;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.Kernels;

public class KernelLocatorTests
{
    [Fact]
    public void Debian_symlinks_at_the_root_resolve_to_the_real_files_in_boot()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinuz-6.1.0-28-amd64", "kernel");
        t.File("/boot/initrd.img-6.1.0-28-amd64", "initrd");
        t.Link("/vmlinuz", "boot/vmlinuz-6.1.0-28-amd64");
        t.Link("/initrd.img", "boot/initrd.img-6.1.0-28-amd64");
        Assert.Equal(new BootKernel("/boot/vmlinuz-6.1.0-28-amd64", "/boot/initrd.img-6.1.0-28-amd64"), KernelLocator.Find(t.Tree));
    }

    [Fact]
    public void The_newest_of_several_versions_wins_comparing_numbers_as_numbers()
    {
        var t = new TreeBuilder();
        foreach (string version in new[] { "6.1.0-9-amd64", "6.1.0-10-amd64", "5.10.0-30-amd64" })
        {
            t.File($"/boot/vmlinuz-{version}", "kernel");
            t.File($"/boot/initrd.img-{version}", "initrd");
        }
        t.File("/boot/config-6.1.0-11-amd64", "config");
        Assert.Equal(new BootKernel("/boot/vmlinuz-6.1.0-10-amd64", "/boot/initrd.img-6.1.0-10-amd64"), KernelLocator.Find(t.Tree));
    }

    [Fact]
    public void Alpine_flavour_names_pair_vmlinuz_with_initramfs()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinuz-virt", "kernel");
        t.File("/boot/initramfs-virt", "initrd");
        t.File("/etc/alpine-release", "3.20.0\n");
        Assert.Equal(new BootKernel("/boot/vmlinuz-virt", "/boot/initramfs-virt"), KernelLocator.Find(t.Tree));
    }

    [Fact]
    public void Fedora_initramfs_img_and_a_kernel_in_usr_lib_modules_are_found()
    {
        var t = new TreeBuilder();
        t.File("/usr/lib/modules/6.8.5-301.fc40.x86_64/vmlinuz", "kernel");
        t.File("/boot/initramfs-6.8.5-301.fc40.x86_64.img", "initrd");
        t.File("/boot/vmlinuz-0-rescue-abc", "rescue");
        Assert.Equal(new BootKernel("/usr/lib/modules/6.8.5-301.fc40.x86_64/vmlinuz", "/boot/initramfs-6.8.5-301.fc40.x86_64.img"),
            KernelLocator.Find(t.Tree));
    }

    [Fact]
    public void A_kernel_without_an_initramfs_is_found_with_none()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinuz-6.6.1", "kernel");
        Assert.Equal(new BootKernel("/boot/vmlinuz-6.6.1", null), KernelLocator.Find(t.Tree));
    }

    [Fact]
    public void An_image_without_a_kernel_gives_none_and_a_message_pointing_to_templates()
    {
        var t = new TreeBuilder();
        t.File("/etc/os-release", "ID=debian\n");
        t.Link("/vmlinuz", "boot/vmlinuz-gone");
        Assert.Null(KernelLocator.Find(t.Tree));
        var error = Assert.Throws<D2lException>(() => KernelLocator.FindOrThrow(t.Tree, "debian:12"));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Contains("has no kernel", error.Message);
        Assert.Contains("templates/", error.Message);
    }

    [Theory]
    [InlineData("6.1.0-10", "6.1.0-9", 1)]
    [InlineData("6.1.0", "6.1.0-1", -1)]
    [InlineData("6.1~rc1", "6.1", -1)]
    [InlineData("6.01", "6.1", 0)]
    [InlineData("virt", "lts", 1)]
    public void Kernel_versions_compare_like_dpkg(string left, string right, int sign)
    {
        Assert.Equal(sign, Math.Sign(KernelVersionComparer.Instance.Compare(left, right)));
        Assert.Equal(-sign, Math.Sign(KernelVersionComparer.Instance.Compare(right, left)));
    }
}
