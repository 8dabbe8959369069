using DockerToLinux.Accounts;
using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.Accounts;

public class AccountsPreparerTests
{
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly string AliceKey = SshPublicKeysTests.Key();

    private static AccountsOptions Options => new() { Time = Time, SaltSeed = [1, 2, 3] };

    // A Debian image with systemd, openssh-server, sudo and systemd-networkd installed but not enabled.
    private static TreeBuilder Debian()
    {
        var t = new TreeBuilder();
        t.File("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        t.File("/etc/shadow", "root:*:19000:0:99999:7:::\n", 0b110_100_000).Gid = 42;
        t.File("/etc/group", "root:x:0:\nsudo:x:27:\nshadow:x:42:\n");
        t.File("/etc/gshadow", "root:*::\nsudo:*::\nshadow:*::\n", 0b110_100_000).Gid = 42;
        t.File("/etc/login.defs", "UID_MIN 1000\nUMASK 022\nHOME_MODE 0700\n");
        t.File("/etc/skel/.bashrc", "# bashrc\n");
        t.File("/etc/skel/.config/x", "x");
        t.File("/bin/bash", "elf", 0b111_101_101);
        t.File("/lib/systemd/systemd", "elf", 0b111_101_101);
        t.Link("/sbin/init", "/lib/systemd/systemd");
        t.File("/lib/systemd/systemd-networkd", "elf", 0b111_101_101);
        t.File("/lib/systemd/system/systemd-networkd.service", "[Unit]\n");
        t.File("/lib/systemd/system/systemd-networkd.socket", "[Unit]\n");
        t.File("/usr/sbin/sshd", "elf", 0b111_101_101);
        t.File("/usr/bin/ssh-keygen", "elf", 0b111_101_101);
        t.File("/etc/ssh/ssh_host_ed25519_key", "secret", 0b110_000_000);
        t.File("/etc/ssh/ssh_host_ed25519_key.pub", "public");
        t.File("/etc/ssh/sshd_config", "# config\n");
        t.File("/usr/bin/sudo", "elf", 0b100_111_101_101);
        return t;
    }

    [Fact]
    public async Task A_passwordless_sudo_user_with_a_key_gets_an_account_a_home_from_skel_a_key_and_NOPASSWD()
    {
        var t = Debian();
        var alice = new UserAccount { Name = "alice", Groups = ["sudo"], SshKeys = [AliceKey] };
        await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { Users = [alice] }, default);

        Assert.Equal("root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n", t.Text("/etc/passwd"));
        Assert.Equal("root:*:19000:0:99999:7:::\nalice:*:19675:0:99999:7:::\n", t.Text("/etc/shadow"));
        Assert.Equal("root:x:0:\nsudo:x:27:alice\nshadow:x:42:\nalice:x:1000:\n", t.Text("/etc/group"));
        var home = t.Tree.Lookup("/home/alice")!.Node;
        Assert.Equal((0b111_000_000, 1000L, 1000L), (home.Permissions, home.Uid, home.Gid));
        Assert.Equal("# bashrc\n", t.Text("/home/alice/.bashrc"));
        Assert.Equal(1000L, t.Tree.Lookup("/home/alice/.config/x")!.Node.Uid);
        var ssh = t.Tree.Lookup("/home/alice/.ssh")!.Node;
        var keys = t.Tree.Lookup("/home/alice/.ssh/authorized_keys")!.Node;
        Assert.Equal((0b111_000_000, 1000L), (ssh.Permissions, ssh.Uid));
        Assert.Equal((0b110_000_000, 1000L, 1000L), (keys.Permissions, keys.Uid, keys.Gid));
        Assert.Equal(AliceKey + "\n", t.Text("/home/alice/.ssh/authorized_keys"));
        Assert.Equal("alice ALL=(ALL:ALL) NOPASSWD: ALL\n", t.Text("/etc/sudoers.d/d2l-alice").Split('\n', 2)[1]);
        Assert.Equal(0b100_100_000, t.Tree.Lookup("/etc/sudoers.d/d2l-alice")!.Node.Permissions);
    }

    [Fact]
    public async Task A_user_with_a_password_gets_a_sha512_hash_reproducible_from_the_seed_and_no_NOPASSWD_rule()
    {
        var first = Debian();
        var second = Debian();
        var options = Options with { Users = [new UserAccount { Name = "alice", Password = "pw", Groups = ["sudo"] }] };
        await AccountsPreparer.ApplyAsync(first.Tree, first.Store, options, default);
        await AccountsPreparer.ApplyAsync(second.Tree, second.Store, options, default);

        string line = first.Text("/etc/shadow").Split('\n')[1];
        string hash = line.Split(':')[1];
        Assert.Equal(Sha512Crypt.Hash("pw", hash.Split('$')[2]), hash);
        Assert.Equal(first.Text("/etc/shadow"), second.Text("/etc/shadow"));
        Assert.Null(first.Tree.Lookup("/etc/sudoers.d/d2l-alice"));
    }

    [Fact]
    public async Task The_image_host_keys_are_removed_and_a_first_boot_unit_before_sshd_is_enabled()
    {
        var t = Debian();
        var result = await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options, default);

        Assert.Equal(["/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_ed25519_key.pub"], result.RemovedPaths);
        Assert.Equal("# config\n", t.Text("/etc/ssh/sshd_config"));
        string unit = t.Text("/etc/systemd/system/d2l-ssh-keygen.service");
        Assert.Contains("Before=ssh.service sshd.service ssh.socket sshd.socket shutdown.target\n", unit);
        Assert.Contains("ConditionPathExistsGlob=!/etc/ssh/ssh_host_*_key\n", unit);
        Assert.Contains("ExecStart=/usr/bin/ssh-keygen -A\n", unit);
        Assert.Equal("/etc/systemd/system/d2l-ssh-keygen.service",
            t.Tree.Lookup("/etc/systemd/system/multi-user.target.wants/d2l-ssh-keygen.service")!.Node.LinkTarget);
    }

    [Fact]
    public async Task An_image_without_network_configuration_gets_networkd_dhcp_enabled_by_its_wants_links()
    {
        var t = Debian();
        await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options, default);

        Assert.Contains("Name=en* eth*\n\n[Network]\nDHCP=yes\n", t.Text("/etc/systemd/network/10-d2l-wired.network"));
        Assert.Equal("/lib/systemd/system/systemd-networkd.service",
            t.Tree.Lookup("/etc/systemd/system/multi-user.target.wants/systemd-networkd.service")!.Node.LinkTarget);
        Assert.Equal("/lib/systemd/system/systemd-networkd.socket",
            t.Tree.Lookup("/etc/systemd/system/sockets.target.wants/systemd-networkd.socket")!.Node.LinkTarget);
        Assert.NotNull(t.Tree.Lookup("/etc/systemd/system/dbus-org.freedesktop.network1.service"));
    }

    [Fact]
    public async Task An_image_that_configures_its_network_keeps_it_unless_a_network_is_asked_for()
    {
        var t = Debian();
        t.File("/etc/systemd/network/80-dhcp.network", "[Match]\nName=en*\n");
        t.Link("/etc/systemd/system/multi-user.target.wants/systemd-networkd.service", "/lib/systemd/system/systemd-networkd.service");
        var kept = await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options, default);
        Assert.Null(t.Tree.Lookup(NetworkFiles.NetworkdPath));
        Assert.Contains("network: kept the image's own configuration (SystemdNetworkd)", kept.Notes);

        await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { Network = NetworkSettings.Parse("static:10.0.2.20/24,10.0.2.2") }, default);
        Assert.Contains("Address=10.0.2.20/24\nGateway=10.0.2.2\n", t.Text(NetworkFiles.NetworkdPath));
    }

    [Fact]
    public async Task A_Debian_image_with_ifupdown_and_dhclient_gets_a_hotplug_stanza_its_mapping_script_and_a_sourced_directory()
    {
        var t = new TreeBuilder();
        t.File("/sbin/init", "elf", 0b111_101_101);
        t.File("/sbin/ifup", "elf", 0b111_101_101);
        t.File("/lib/udev/ifupdown-hotplug", "sh", 0b111_101_101);
        t.File("/sbin/dhclient", "elf", 0b111_101_101);
        t.File("/etc/network/interfaces", "auto lo\niface lo inet loopback\n");
        await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options, default);

        Assert.Contains("iface d2l-wired inet dhcp\n", t.Text(NetworkFiles.IfupdownPath));
        Assert.Equal(0b111_101_101, t.Tree.Lookup(NetworkFiles.IfupdownMappingPath)!.Node.Permissions);
        Assert.Equal("auto lo\niface lo inet loopback\n\n# Written by d2l: the stanzas in interfaces.d.\nsource /etc/network/interfaces.d/*\n",
            t.Text("/etc/network/interfaces"));
    }

    [Fact]
    public async Task Asking_for_dhcp_on_an_ifupdown_image_without_a_DHCP_client_is_bad_input()
    {
        var t = new TreeBuilder();
        t.File("/sbin/init", "elf", 0b111_101_101);
        t.File("/sbin/ifup", "elf", 0b111_101_101);
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { Network = NetworkSettings.Parse("dhcp") }, default));
        Assert.Contains("no DHCP client", error.Message);
    }

    [Fact]
    public async Task An_SSH_key_for_an_image_without_openssh_server_is_refused_before_anything_is_written()
    {
        var t = Debian();
        t.Tree.Remove("/usr/sbin/sshd");
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { RootSshKeys = [AliceKey] }, default));
        Assert.Equal((Setting.SshKeys, "the image has no SSH server (/usr/sbin/sshd): install openssh-server in it to log in with a key"),
            (error.Setting, error.Message));
        Assert.Null(t.Tree.Lookup("/root/.ssh"));
    }

    [Fact]
    public async Task Root_keys_are_appended_to_roots_existing_authorized_keys_once()
    {
        var t = Debian();
        t.File("/root/.ssh/authorized_keys", "ssh-rsa OLD", 0b110_000_000);
        await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { RootSshKeys = [AliceKey, AliceKey] }, default);

        Assert.Equal($"ssh-rsa OLD\n{AliceKey}\n", t.Text("/root/.ssh/authorized_keys"));
    }

    [Fact]
    public async Task The_same_user_twice_is_refused()
    {
        var t = Debian();
        var user = new UserAccount { Name = "alice" };
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { Users = [user, user] }, default));
        Assert.Equal((Setting.Users, "user 'alice': given more than once"), (error.Setting, error.Message));
    }

    [Fact]
    public async Task An_image_without_a_shadow_group_gets_a_new_gshadow_free_shadow_file_readable_by_root_alone()
    {
        var t = new TreeBuilder();
        t.File("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        t.File("/etc/group", "root:x:0:\n");
        await AccountsPreparer.ApplyAsync(t.Tree, t.Store, Options with { Users = [new UserAccount { Name = "alice" }] }, default);

        var shadow = t.Tree.Lookup("/etc/shadow")!.Node;
        Assert.Equal((0b110_000_000, 0L), (shadow.Permissions, shadow.Gid));
        Assert.Null(t.Tree.Lookup("/etc/gshadow"));
        Assert.Equal(NodeKind.Directory, t.Tree.Lookup("/home/alice")!.Node.Kind);
    }
}
