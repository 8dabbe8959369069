using DockerToLinux.Kernels;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.Kernels;

public class KernelInstallPlannerTests
{
    private const string V = "6.1.0-50-amd64";

    private static async Task<(TreeBuilder Source, KernelImage Kernel)> KernelImage()
    {
        var t = new TreeBuilder();
        t.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage());
        t.File($"/boot/initrd.img-{V}", "initrd");
        t.File($"/usr/lib/modules/{V}/modules.order", "kernel/fs/fat/vfat.ko\n");
        t.File($"/usr/lib/modules/{V}/kernel/fs/fat/vfat.ko", "vfat module");
        return (t, await KernelImageReader.ReadAsync(t.Tree, t.Store, "kernel.tar", null, default));
    }

    private static async Task<KernelInstallPlan> Plan(TreeBuilder target)
    {
        var (source, kernel) = await KernelImage();
        return await KernelInstallPlanner.PlanAsync(target.Tree, source.Tree, source.Store, kernel, "app.tar", "kernel.tar", default);
    }

    [Fact]
    public async Task Modules_go_into_usr_lib_modules_when_the_images_lib_links_to_usr_lib()
    {
        var target = new TreeBuilder();
        target.File("/usr/lib/os-release", "ID=debian\n");
        target.Link("/lib", "usr/lib");
        Assert.Equal(new KernelInstallPlan($"/boot/vmlinuz-{V}", $"/boot/initrd.img-{V}", $"/usr/lib/modules/{V}", true, true, true),
            await Plan(target));
    }

    [Fact]
    public async Task Modules_go_into_lib_modules_of_an_image_that_has_no_lib()
    {
        var target = new TreeBuilder();
        target.File("/hello", "static binary");
        Assert.Equal($"/lib/modules/{V}", (await Plan(target)).ModulesPath);
    }

    [Fact]
    public async Task An_image_with_a_different_module_folder_of_the_same_version_is_refused_naming_both()
    {
        var target = new TreeBuilder();
        target.File($"/lib/modules/{V}/modules.order", "kernel/fs/ext4/ext4.ko\n");
        var error = await Assert.ThrowsAsync<D2lException>(() => Plan(target));
        Assert.Contains($"app.tar: already has /lib/modules/{V}, which differs from kernel.tar's /usr/lib/modules/{V}", error.Message);
    }

    [Fact]
    public async Task An_image_that_already_has_the_same_kernel_and_modules_keeps_them_and_nothing_is_copied()
    {
        var target = new TreeBuilder();
        target.File($"/boot/vmlinuz-{V}", KernelFiles.BzImage());
        target.File($"/boot/initrd.img-{V}", "initrd");
        target.File($"/lib/modules/{V}/modules.order", "kernel/fs/fat/vfat.ko\n");
        target.File($"/lib/modules/{V}/kernel/fs/fat/vfat.ko", "vfat module");
        var plan = await Plan(target);
        Assert.Equal((false, false, false), (plan.CopyKernel, plan.CopyInitramfs, plan.CopyModules));
    }

    [Fact]
    public async Task An_image_with_another_file_where_the_kernel_goes_is_refused_naming_both()
    {
        var target = new TreeBuilder();
        target.File($"/boot/vmlinuz-{V}", "a different kernel");
        var error = await Assert.ThrowsAsync<D2lException>(() => Plan(target));
        Assert.Contains($"already has /boot/vmlinuz-{V}, which differs from kernel.tar's /boot/vmlinuz-{V}", error.Message);
    }

    [Fact]
    public async Task A_linuxkit_module_tar_that_matches_the_images_modules_is_not_a_conflict()
    {
        var source = new TreeBuilder();
        source.File("/kernel", KernelFiles.BzImage());
        source.File("/kernel.tar", KernelFiles.ModuleTar(($"lib/modules/{V}/modules.order", "kernel/fs/fat/vfat.ko\n")));
        var kernel = await KernelImageReader.ReadAsync(source.Tree, source.Store, "kernel.tar", null, default);
        var target = new TreeBuilder();
        target.File($"/lib/modules/{V}/modules.order", "kernel/fs/fat/vfat.ko\n");
        var plan = await KernelInstallPlanner.PlanAsync(target.Tree, source.Tree, source.Store, kernel, "app.tar", "kernel.tar", default);
        Assert.Equal((true, false), (plan.CopyKernel, plan.CopyModules));
    }
}
