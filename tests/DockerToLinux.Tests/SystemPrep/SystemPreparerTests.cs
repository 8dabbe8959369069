using DockerToLinux.Accounts;
using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.SystemPrep;

public class SystemPreparerTests
{
    private static readonly Guid Uuid = new("0b7c8e2a-1d2f-4a5b-9c3d-7e6f5a4b3c2d");
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static SystemPrepOptions Options => new() { FilesystemUuid = Uuid, Time = Time, Hostname = "vm1" };

    private static TreeBuilder DebianLike()
    {
        var t = new TreeBuilder();
        t.File("/.dockerenv", "");
        t.File("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        var shadow = t.File("/etc/shadow", "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", 0b110_100_000);
        shadow.Gid = 42;
        t.File("/etc/group", "root:x:0:\nshadow:x:42:\n");
        t.File("/etc/hostname", "");
        t.File("/etc/resolv.conf", "");
        t.File("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        return t;
    }

    [Fact]
    public async Task The_identity_files_are_written_and_the_docker_marker_is_gone()
    {
        var t = DebianLike();
        var result = await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options, default);

        Assert.Null(t.Tree.Lookup("/.dockerenv"));
        Assert.Equal(["/.dockerenv"], result.RemovedPaths);
        Assert.Equal($"# Written by d2l: the root filesystem, found by its UUID.\nUUID={Uuid} / ext4 errors=remount-ro 0 1\n", t.Text("/etc/fstab"));
        Assert.Equal("vm1\n", t.Text("/etc/hostname"));
        Assert.Contains("127.0.0.1\tlocalhost\n127.0.1.1\tvm1\n", t.Text("/etc/hosts"));
        Assert.Contains("::1\tlocalhost ip6-localhost ip6-loopback\n", t.Text("/etc/hosts"));
        Assert.Contains("nameserver 10.0.2.3\n", t.Text("/etc/resolv.conf"));
        Assert.Equal("", t.Text("/etc/machine-id"));
        Assert.Equal(0b100_100_100, t.Tree.Lookup("/etc/machine-id")!.Node.Permissions);
        var fstab = t.Tree.Lookup("/etc/fstab")!.Node;
        Assert.Equal((0b110_100_100, 0L, 0L, 1_700_000_000L), (fstab.Permissions, fstab.Uid, fstab.Gid, fstab.ModificationTime.Seconds));
        Assert.Equal(["/etc/fstab", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/machine-id"], result.WrittenPaths);
        Assert.All(result.WrittenPaths, path => Assert.Contains(path, SystemPreparer.Files));
        Assert.DoesNotContain("/etc/shadow", result.WrittenPaths);
    }

    [Fact]
    public async Task A_disk_with_an_ESP_mounts_it_on_boot_efi_by_its_FAT_serial_and_never_fails_the_boot_for_it()
    {
        var t = DebianLike();
        await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options with { EspVolumeId = 0x1234ABCD }, default);

        Assert.Equal("# Written by d2l: the root filesystem, found by its UUID, and the EFI System Partition, by its FAT serial number.\n"
            + $"UUID={Uuid} / ext4 errors=remount-ro 0 1\n"
            + "UUID=1234-ABCD /boot/efi vfat umask=0077,nofail 0 2\n", t.Text("/etc/fstab"));
        Assert.Equal(NodeKind.Directory, t.Tree.Resolve("/boot/efi")?.Kind);
        Assert.Equal("00C0-0FFE", EtcFiles.FatSerial(0x00C00FFE));
    }

    [Fact]
    public async Task A_rewritten_file_keeps_its_owner_and_mode_and_a_symlink_is_replaced_not_followed()
    {
        var t = DebianLike();
        var hostname = t.Tree.Lookup("/etc/hostname")!.Node;
        hostname.Permissions = 0b110_110_100;
        hostname.Uid = 5;
        t.Tree.Remove("/etc/hosts");
        t.File("/outside", "keep me");
        t.Link("/etc/hosts", "/outside");
        await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options, default);

        Assert.Same(hostname, t.Tree.Lookup("/etc/hostname")!.Node);
        Assert.Equal((0b110_110_100, 5L), (hostname.Permissions, hostname.Uid));
        Assert.Equal(NodeKind.RegularFile, t.Tree.Lookup("/etc/hosts")!.Node.Kind);
        Assert.Equal("keep me", t.Text("/outside"));
    }

    [Fact]
    public async Task A_systemd_resolved_link_is_kept_when_resolved_is_installed()
    {
        var t = DebianLike();
        t.Link("/etc/resolv.conf", "../run/systemd/resolve/stub-resolv.conf");
        t.File("/usr/lib/systemd/systemd-resolved", "elf");
        var result = await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options, default);
        Assert.Equal(NodeKind.Symlink, t.Tree.Lookup("/etc/resolv.conf")!.Node.Kind);
        Assert.DoesNotContain("/etc/resolv.conf", result.WrittenPaths);
        Assert.Single(result.KeptPaths);
    }

    [Fact]
    public async Task A_root_password_replaces_only_roots_hash_and_last_change_day()
    {
        var t = DebianLike();
        var result = await SystemPreparer.ApplyAsync(t.Tree, t.Store,
            Options with { RootPassword = "secret", SaltSeed = [9, 9, 9] }, default);

        string salt = CryptSalt.FromSeed([9, 9, 9]);
        string hash = Sha512Crypt.Hash("secret", salt);
        Assert.Equal($"root:{hash}:19675:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", t.Text("/etc/shadow"));
        var shadow = t.Tree.Lookup("/etc/shadow")!.Node;
        Assert.Equal((0b110_100_000, 42L), (shadow.Permissions, shadow.Gid));
        Assert.Contains("/etc/shadow", result.WrittenPaths);
        Assert.DoesNotContain("/etc/passwd", result.WrittenPaths);
        Assert.StartsWith("$6$" + salt + "$", hash);
    }

    [Fact]
    public async Task Without_a_shadow_file_one_is_made_from_passwd_with_every_other_account_locked()
    {
        var t = new TreeBuilder();
        t.File("/etc/passwd", "root::0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/sbin/nologin\n");
        t.File("/etc/group", "root:x:0:\n");
        var result = await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options with { RootPasswordHash = "$6$s$h" }, default);

        Assert.Equal("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/sbin/nologin\n", t.Text("/etc/passwd"));
        Assert.Equal("root:$6$s$h:19675:0:99999:7:::\nnobody:*:19675:0:99999:7:::\n", t.Text("/etc/shadow"));
        var shadow = t.Tree.Lookup("/etc/shadow")!.Node;
        Assert.Equal((0b110_000_000, 0L, 0L), (shadow.Permissions, shadow.Uid, shadow.Gid));
        Assert.Equal(["/etc/passwd", "/etc/shadow"], result.WrittenPaths.TakeLast(2));
    }

    [Fact]
    public async Task A_bad_host_name_is_an_input_error()
    {
        var t = DebianLike();
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            SystemPreparer.ApplyAsync(t.Tree, t.Store, Options with { Hostname = "bad name" }, default));
        Assert.Equal(FailureKind.BadInput, error.Kind);
    }

    [Fact]
    public void A_short_shadow_line_is_padded_to_nine_fields()
    {
        Assert.Equal("root:H:5::::::\n", ShadowFile.SetHash("root:!\n", "root:x:0:0::/:/bin/sh\n", "root", "H", 5));
    }
}
