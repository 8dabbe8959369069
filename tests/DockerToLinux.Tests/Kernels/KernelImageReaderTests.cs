using DockerToLinux.Kernels;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.Kernels;

public class KernelImageReaderTests
{
    private const string V = "6.1.0-50-amd64";

    private static Task<KernelImage> Read(TreeBuilder t, string? version = null) =>
        KernelImageReader.ReadAsync(t.Tree, t.Store, "kernel.tar", version, default);

    private static TreeBuilder Debian(params string[] versions)
    {
        var t = new TreeBuilder();
        foreach (string version in versions)
        {
            t.File($"/boot/vmlinuz-{version}", KernelFiles.BzImage(version));
            t.File($"/boot/initrd.img-{version}", "initrd");
            t.File($"/boot/config-{version}", "CONFIG_EXT4_FS=y\n");
            t.File($"/usr/lib/modules/{version}/modules.order", "kernel/fs/vfat.ko\n");
        }
        return t;
    }

    [Fact]
    public async Task A_debian_kernel_image_gives_its_kernel_initramfs_config_and_modules_in_lib_modules()
    {
        var t = new TreeBuilder();
        t.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage());
        t.File($"/boot/initrd.img-{V}", "initrd");
        t.File($"/boot/config-{V}", "CONFIG_EXT4_FS=y\n");
        t.File($"/lib/modules/{V}/modules.order", "kernel/fs/vfat.ko\n");
        var kernel = await Read(t);
        Assert.Equal([V], kernel.AvailableVersions);
        Assert.Equal(new KernelImage(KernelImageLayout.Debian, V, $"/boot/vmlinuz-{V}", $"/boot/initrd.img-{V}",
            new ModuleTree(ModuleTreeKind.Directory, $"/lib/modules/{V}", ""), $"/boot/config-{V}", null, kernel.AvailableVersions), kernel);
    }

    [Fact]
    public async Task Modules_behind_a_merged_usr_lib_symlink_are_described_by_their_real_folder()
    {
        var t = Debian(V);
        t.Link("/lib", "usr/lib");
        Assert.Equal(new ModuleTree(ModuleTreeKind.Directory, $"/usr/lib/modules/{V}", ""), (await Read(t)).Modules);
    }

    [Fact]
    public async Task A_fedora_kernel_in_usr_lib_modules_takes_the_initrd_beside_it()
    {
        var t = new TreeBuilder();
        const string fedora = "6.8.5-301.fc40.x86_64";
        t.File($"/usr/lib/modules/{fedora}/vmlinuz", KernelFiles.BzImage(fedora));
        t.File($"/usr/lib/modules/{fedora}/initrd", "initrd");
        var kernel = await Read(t);
        Assert.Equal((KernelImageLayout.UsrLibModules, fedora, $"/usr/lib/modules/{fedora}/vmlinuz", $"/usr/lib/modules/{fedora}/initrd",
            $"/usr/lib/modules/{fedora}"), (kernel.Layout, kernel.Version, kernel.KernelPath, kernel.InitramfsPath, kernel.Modules!.SourcePath));
    }

    [Fact]
    public async Task A_fedora_kernel_without_an_initrd_beside_it_takes_boot_initramfs_img()
    {
        var t = new TreeBuilder();
        const string fedora = "6.8.5-301.fc40.x86_64";
        t.File($"/usr/lib/modules/{fedora}/vmlinuz", KernelFiles.BzImage(fedora));
        t.File($"/boot/initramfs-{fedora}.img", "initrd");
        Assert.Equal($"/boot/initramfs-{fedora}.img", (await Read(t)).InitramfsPath);
    }

    [Fact]
    public async Task A_linuxkit_kernel_takes_its_version_from_the_module_folder_in_kernel_tar()
    {
        var t = new TreeBuilder();
        t.File("/kernel", KernelFiles.BzImage("6.6.13-linuxkit"));
        t.File("/kernel.tar", KernelFiles.ModuleTar(("lib/modules/6.6.71-linuxkit/modules.builtin", "kernel/fs/ext4/ext4.ko\n")));
        var kernel = await Read(t);
        Assert.Equal((KernelImageLayout.LinuxKit, "6.6.71-linuxkit", "/kernel", (string?)null,
            new ModuleTree(ModuleTreeKind.Tar, "/kernel.tar", "lib/modules/6.6.71-linuxkit/")),
            (kernel.Layout, kernel.Version, kernel.KernelPath, kernel.InitramfsPath, kernel.Modules));
    }

    [Fact]
    public async Task A_linuxkit_kernel_without_modules_takes_its_version_from_the_bzimage_header()
    {
        var t = new TreeBuilder();
        t.File("/kernel", KernelFiles.BzImage("6.6.13-linuxkit"));
        var kernel = await Read(t);
        Assert.Equal(("6.6.13-linuxkit", (ModuleTree?)null), (kernel.Version, kernel.Modules));
    }

    [Fact]
    public async Task Of_several_versions_the_newest_wins_comparing_numbers_as_numbers()
    {
        var kernel = await Read(Debian("6.1.0-9-amd64", "6.1.0-10-amd64", "5.10.0-30-amd64"));
        Assert.Equal(["5.10.0-30-amd64", "6.1.0-9-amd64", "6.1.0-10-amd64"], kernel.AvailableVersions);
        Assert.Equal(("6.1.0-10-amd64", "/boot/vmlinuz-6.1.0-10-amd64"), (kernel.Version, kernel.KernelPath));
    }

    [Fact]
    public async Task Kernel_version_picks_an_older_kernel_with_its_own_initramfs_and_modules()
    {
        var kernel = await Read(Debian("6.1.0-9-amd64", "6.1.0-10-amd64"), "6.1.0-9-amd64");
        Assert.Equal(("/boot/vmlinuz-6.1.0-9-amd64", "/boot/initrd.img-6.1.0-9-amd64", "/usr/lib/modules/6.1.0-9-amd64"),
            (kernel.KernelPath, kernel.InitramfsPath, kernel.Modules!.SourcePath));
    }

    [Fact]
    public async Task A_kernel_version_the_image_lacks_is_refused_naming_the_versions_it_has()
    {
        var error = await Assert.ThrowsAsync<D2lException>(() => Read(Debian("6.1.0-9-amd64", "6.1.0-10-amd64"), "6.5.0-1-amd64"));
        Assert.Equal((Setting.KernelVersion, "kernel.tar has no kernel 6.5.0-1-amd64; it has 6.1.0-9-amd64, 6.1.0-10-amd64"),
            (error.Setting, error.Message));
    }

    [Fact]
    public async Task An_image_with_only_an_elf_vmlinux_is_refused_because_boot_loaders_need_a_bzimage()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinux-5.10.77", KernelFiles.Elf(dynamic: false));
        t.File("/lib/modules/5.10.77/modules.order", "");
        var error = await Assert.ThrowsAsync<D2lException>(() => Read(t));
        Assert.Contains("has only an uncompressed ELF kernel (/boot/vmlinux-5.10.77); boot loaders need a bzImage", error.Message);
    }

    [Fact]
    public async Task A_vmlinuz_that_is_really_an_elf_file_is_refused_because_boot_loaders_need_a_bzimage()
    {
        var t = new TreeBuilder();
        t.File($"/boot/vmlinuz-{V}", KernelFiles.Elf(dynamic: false));
        var error = await Assert.ThrowsAsync<D2lException>(() => Read(t));
        Assert.Contains($"/boot/vmlinuz-{V} is an uncompressed ELF vmlinux; boot loaders need a bzImage", error.Message);
    }

    [Fact]
    public async Task An_image_without_a_kernel_is_refused_as_not_a_kernel_image()
    {
        var t = new TreeBuilder();
        t.File("/usr/bin/busybox", KernelFiles.Elf(dynamic: false));
        t.File($"/usr/lib/modules/{V}/modules.order", "");
        var error = await Assert.ThrowsAsync<D2lException>(() => Read(t));
        Assert.Contains("is not a kernel image", error.Message);
    }

    [Fact]
    public async Task A_static_busybox_is_found_through_a_merged_bin_symlink()
    {
        var t = Debian(V);
        t.Link("/bin", "usr/bin");
        t.File("/usr/bin/busybox", KernelFiles.Elf(dynamic: false));
        Assert.Equal("/usr/bin/busybox", (await Read(t)).BusyboxPath);
    }

    [Fact]
    public async Task A_dynamically_linked_busybox_is_not_taken_for_the_app_init()
    {
        var t = Debian(V);
        t.File("/bin/busybox", KernelFiles.Elf(dynamic: true));
        Assert.Null((await Read(t)).BusyboxPath);
    }
}
