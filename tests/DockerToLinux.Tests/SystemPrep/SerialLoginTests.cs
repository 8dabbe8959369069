using DockerToLinux.Accounts;
using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.SystemPrep;

public class SerialLoginTests
{
    private const string DebianInittab =
        "id:2:initdefault:\n"
        + "1:2345:respawn:/sbin/getty --noclear 38400 tty1\n"
        + "#T0:23:respawn:/sbin/getty -L ttyS0 9600 vt100\n";

    private const string AlpineInittab =
        "::sysinit:/sbin/openrc sysinit\n"
        + "tty1::respawn:/sbin/getty 38400 tty1\n"
        + "#ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100\n";

    private static TreeWriter Writer(TreeBuilder t) => new(t.Tree, t.Store, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), default);

    private static TreeBuilder Sysvinit(string inittab)
    {
        var t = new TreeBuilder();
        t.File("/sbin/init", "elf");
        t.File("/sbin/getty", "elf");
        t.File("/etc/inittab", inittab);
        return t;
    }

    [Fact]
    public async Task Sysvinit_gets_a_getty_on_ttyS0_at_115200_in_every_multi_user_runlevel_after_the_image_s_own_entries()
    {
        var t = Sysvinit(DebianInittab);
        var writer = Writer(t);

        Assert.Null(await SerialLogin.WriteAsync(writer));

        Assert.Equal(DebianInittab
            + "# Written by d2l: a login on the serial console, at the speed of the kernel's console there.\n"
            + "S0:2345:respawn:/sbin/getty -L 115200 ttyS0 vt100\n", t.Text("/etc/inittab"));
        Assert.Equal(["/etc/inittab"], writer.Written);
    }

    [Fact]
    public async Task An_inittab_that_already_runs_a_getty_on_ttyS0_is_left_as_it_is_and_a_second_run_changes_nothing()
    {
        var t = Sysvinit(DebianInittab);
        await SerialLogin.WriteAsync(Writer(t));
        string once = t.Text("/etc/inittab");
        var again = Writer(t);

        string? reason = await SerialLogin.WriteAsync(again);

        Assert.Equal("/etc/inittab (it already runs a program on ttyS0)", reason);
        Assert.Equal(once, t.Text("/etc/inittab"));
        Assert.Empty(again.Written);
    }

    [Fact]
    public async Task A_taken_entry_id_makes_the_serial_entry_take_the_next_free_one()
    {
        var t = Sysvinit("S0:2345:respawn:/sbin/getty 38400 tty7");

        await SerialLogin.WriteAsync(Writer(t));

        Assert.EndsWith("tty7\n# Written by d2l: a login on the serial console, at the speed of the kernel's console there.\n"
            + "T0:2345:respawn:/sbin/getty -L 115200 ttyS0 vt100\n", t.Text("/etc/inittab"));
    }

    [Fact]
    public async Task Alpine_s_busybox_init_gets_a_busybox_entry_named_after_the_port_even_under_OpenRC()
    {
        var t = new TreeBuilder();
        t.File("/bin/busybox", "elf");
        t.Link("/sbin/init", "/bin/busybox");
        t.Link("/sbin/getty", "/bin/busybox");
        t.File("/sbin/openrc", "elf");
        t.File("/etc/init.d/agetty", "#!/sbin/openrc-run");
        t.File("/etc/inittab", AlpineInittab);

        Assert.Null(await SerialLogin.WriteAsync(Writer(t)));

        Assert.EndsWith("\nttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100\n", t.Text("/etc/inittab"));
        Assert.Null(t.Tree.Lookup("/etc/runlevels/default/agetty.ttyS0"));
    }

    [Fact]
    public async Task OpenRC_with_its_agetty_service_gets_an_agetty_ttyS0_instance_at_115200_in_the_default_runlevel()
    {
        var t = Sysvinit("");
        t.File("/sbin/openrc", "elf");
        t.File("/etc/init.d/agetty", "#!/sbin/openrc-run");
        var writer = Writer(t);

        Assert.Null(await SerialLogin.WriteAsync(writer));

        Assert.Equal("agetty", t.Tree.Lookup("/etc/init.d/agetty.ttyS0")!.Node.LinkTarget);
        Assert.Equal("/etc/init.d/agetty.ttyS0", t.Tree.Lookup("/etc/runlevels/default/agetty.ttyS0")!.Node.LinkTarget);
        Assert.Contains("baud=\"115200\"\n", t.Text("/etc/conf.d/agetty.ttyS0"));
        Assert.Equal("", t.Text("/etc/inittab"));
        Assert.All(writer.Written, path => Assert.Contains(path, SystemPreparer.Files.Append("/etc/conf.d").Append("/etc/runlevels/default")));
    }

    [Fact]
    public async Task A_systemd_image_and_an_image_without_init_get_nothing()
    {
        var systemd = Sysvinit(DebianInittab);
        systemd.Tree.Remove("/sbin/init");
        systemd.Link("/sbin/init", "/lib/systemd/systemd");
        var none = new TreeBuilder();
        var systemdWriter = Writer(systemd);
        var noneWriter = Writer(none);

        Assert.Null(await SerialLogin.WriteAsync(systemdWriter));
        Assert.Null(await SerialLogin.WriteAsync(noneWriter));

        Assert.Equal(DebianInittab, systemd.Text("/etc/inittab"));
        Assert.Empty(systemdWriter.Written.Concat(noneWriter.Written));
    }

    [Fact]
    public async Task Sysvinit_without_an_inittab_is_left_alone_with_the_reason()
    {
        var t = Sysvinit("");
        t.Tree.Remove("/etc/inittab");

        string? reason = await SerialLogin.WriteAsync(Writer(t));

        Assert.Equal("/etc/inittab (the image has none, so its init's built-in table stays)", reason);
        Assert.Null(t.Tree.Lookup("/etc/inittab"));
    }
}
