using DockerToLinux.AppInit;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.AppInit;

public class ImageInitTests
{
    private static TreeBuilder Busybox()
    {
        var t = new TreeBuilder();
        t.File("/bin/busybox", "elf", 0b111_101_101);
        t.Link("/sbin/init", "/bin/busybox");
        return t;
    }

    [Fact]
    public void An_image_whose_init_links_to_systemd_has_its_own_init()
    {
        var t = new TreeBuilder();
        t.File("/usr/lib/systemd/systemd", "elf", 0b111_101_101);
        t.Link("/sbin/init", "/usr/lib/systemd/systemd");
        Assert.True(ImageInit.HasOwn(t.Tree, null));
    }

    [Fact]
    public void An_image_with_sysvinits_own_binary_has_its_own_init()
    {
        var t = new TreeBuilder();
        t.File("/sbin/init", "elf", 0b111_101_101);
        Assert.True(ImageInit.HasOwn(t.Tree, null));
    }

    [Fact]
    public void An_image_without_sbin_init_has_none()
    {
        var t = new TreeBuilder();
        t.File("/hello", "elf", 0b111_101_101);
        Assert.False(ImageInit.HasOwn(t.Tree, null));
    }

    [Fact]
    public void A_bare_busybox_init_without_an_inittab_is_not_an_init_of_its_own()
    {
        Assert.False(ImageInit.HasOwn(Busybox().Tree, null));
    }

    [Fact]
    public void Busybox_init_whose_inittab_names_a_missing_openrc_is_not_an_init_of_its_own()
    {
        Assert.False(ImageInit.HasOwn(Busybox().Tree, "::sysinit:/sbin/openrc sysinit\n::respawn:/sbin/getty 38400 tty1\n"));
    }

    [Fact]
    public void Busybox_init_whose_inittab_programs_all_exist_is_an_init_of_its_own()
    {
        var t = Busybox();
        t.File("/sbin/openrc", "elf", 0b111_101_101);
        t.Link("/sbin/getty", "/bin/busybox");
        Assert.True(ImageInit.HasOwn(t.Tree, "# comment\n::sysinit:/sbin/openrc sysinit\ntty1::respawn:-/sbin/getty 38400 tty1\n"));
    }
}
