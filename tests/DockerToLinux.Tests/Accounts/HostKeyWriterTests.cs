using DockerToLinux.Accounts;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.Accounts;

public class HostKeyWriterTests
{
    // insserv's file as Debian's sysvinit-core writes it once openssh-server is installed (bookworm).
    private const string DependStart =
        "TARGETS = killprocs bootlogs rmnologin ssh single rc.local\nINTERACTIVE =\nsingle: killprocs\nrc.local: bootlogs rmnologin ssh\n";

    private static TreeWriter Writer(TreeBuilder t) => new(t.Tree, t.Store, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), default);

    private static TreeBuilder SysvinitWithSshd()
    {
        var t = new TreeBuilder();
        t.File("/sbin/init", "elf");
        t.File("/usr/sbin/sshd", "elf");
        t.File("/usr/bin/ssh-keygen", "elf");
        t.File("/etc/ssh/ssh_host_ed25519_key", "image key");
        t.File("/etc/init.d/.depend.start", DependStart);
        return t;
    }

    [Fact]
    public async Task Under_insserv_s_parallel_boot_the_key_script_is_a_target_that_ssh_waits_for_once()
    {
        var t = SysvinitWithSshd();

        await HostKeyWriter.WriteAsync(Writer(t), []);
        await HostKeyWriter.WriteAsync(Writer(t), []);

        Assert.Equal("TARGETS = killprocs bootlogs rmnologin ssh single rc.local d2l-ssh-keygen\nINTERACTIVE =\nsingle: killprocs\n"
            + "rc.local: bootlogs rmnologin ssh\nssh: d2l-ssh-keygen\n", t.Text("/etc/init.d/.depend.start"));
    }

    [Fact]
    public async Task A_sysvinit_image_loses_its_host_keys_and_links_the_key_script_before_ssh()
    {
        var t = SysvinitWithSshd();

        await HostKeyWriter.WriteAsync(Writer(t), []);

        Assert.Null(t.Tree.Lookup("/etc/ssh/ssh_host_ed25519_key"));
        Assert.Contains("  start) /usr/bin/ssh-keygen -A ;;\n", t.Text("/etc/init.d/d2l-ssh-keygen"));
        Assert.Contains("# X-Start-Before:    ssh sshd\n", t.Text("/etc/init.d/d2l-ssh-keygen"));
        Assert.All(new[] { 2, 3, 4, 5 }, level =>
            Assert.Equal("../init.d/d2l-ssh-keygen", t.Tree.Lookup($"/etc/rc{level}.d/S01d2l-ssh-keygen")!.Node.LinkTarget));
    }
}
