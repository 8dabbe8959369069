using DockerToLinux.Accounts;
using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.SystemPrep;

public class RootGrowthWriterTests
{
    private static TreeWriter Writer(TreeBuilder t) => new(t.Tree, t.Store, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), default);

    private static TreeBuilder WithTools(bool systemd)
    {
        var t = new TreeBuilder();
        if (systemd)
        {
            t.Link("/sbin/init", "/lib/systemd/systemd");
        }
        else
        {
            t.File("/sbin/init", "elf");
        }
        t.File("/usr/bin/growpart", "#!/bin/sh");
        t.File("/sbin/resize2fs", "elf");
        return t;
    }

    [Fact]
    public async Task A_systemd_image_with_growpart_and_resize2fs_runs_the_growroot_script_from_sysinit_target()
    {
        var t = WithTools(systemd: true);
        var writer = Writer(t);

        Assert.Null(await RootGrowthWriter.WriteAsync(writer, seeded: false));

        string script = t.Text("/usr/local/sbin/d2l-growroot");
        Assert.Contains("/usr/bin/growpart \"/dev/$disk\" \"$number\" || [ $? -eq 1 ] || exit 1\n", script);
        Assert.EndsWith("exec /sbin/resize2fs \"/dev/$name\"\n", script);
        Assert.Equal(0b111_101_101, t.Tree.Lookup("/usr/local/sbin/d2l-growroot")!.Node.Permissions);
        Assert.Contains("ExecStart=/usr/local/sbin/d2l-growroot\n", t.Text("/etc/systemd/system/d2l-growroot.service"));
        Assert.Equal("/etc/systemd/system/d2l-growroot.service",
            t.Tree.Lookup("/etc/systemd/system/sysinit.target.wants/d2l-growroot.service")!.Node.LinkTarget);
        Assert.All(writer.Written.Where(path => !path.EndsWith(".wants", StringComparison.Ordinal) && path != "/usr/local/sbin"),
            path => Assert.Contains(path, SystemPreparer.Files));
    }

    [Fact]
    public async Task A_sysvinit_image_gets_the_init_script_linked_into_runlevels_2_to_5()
    {
        var t = WithTools(systemd: false);

        Assert.Null(await RootGrowthWriter.WriteAsync(Writer(t), seeded: false));

        Assert.Contains("  start) /usr/local/sbin/d2l-growroot ;;\n", t.Text("/etc/init.d/d2l-growroot"));
        Assert.All(new[] { 2, 3, 4, 5 }, level =>
            Assert.Equal("../init.d/d2l-growroot", t.Tree.Lookup($"/etc/rc{level}.d/S01d2l-growroot")!.Node.LinkTarget));
    }

    [Fact]
    public async Task Under_insserv_s_parallel_boot_the_script_becomes_a_start_target_once()
    {
        var t = WithTools(systemd: false);
        const string depend = "TARGETS = killprocs bootlogs rmnologin single rc.local\nINTERACTIVE =\nsingle: killprocs\n";
        t.File("/etc/init.d/.depend.start", depend);

        await RootGrowthWriter.WriteAsync(Writer(t), seeded: false);
        await RootGrowthWriter.WriteAsync(Writer(t), seeded: false);

        Assert.Equal("TARGETS = killprocs bootlogs rmnologin single rc.local d2l-growroot\nINTERACTIVE =\nsingle: killprocs\n",
            t.Text("/etc/init.d/.depend.start"));
    }

    [Fact]
    public async Task An_image_without_growpart_is_left_alone_with_a_note_saying_so()
    {
        var t = WithTools(systemd: true);
        t.Tree.Remove("/usr/bin/growpart");
        var writer = Writer(t);

        string? note = await RootGrowthWriter.WriteAsync(writer, seeded: false);

        Assert.Equal("root growth: the image lacks growpart (cloud-guest-utils) or resize2fs (e2fsprogs), so the root keeps its size", note);
        Assert.Empty(writer.Written);
    }

    [Fact]
    public async Task An_image_with_cloud_init_is_left_to_cloud_init_s_own_growpart_and_resizefs()
    {
        var seeded = WithTools(systemd: true);
        seeded.File("/usr/bin/cloud-init", "#!/usr/bin/python3");
        var unseeded = WithTools(systemd: true);
        unseeded.File("/usr/bin/cloud-init", "#!/usr/bin/python3");
        var seededWriter = Writer(seeded);
        var unseededWriter = Writer(unseeded);

        Assert.Null(await RootGrowthWriter.WriteAsync(seededWriter, seeded: true));
        Assert.StartsWith("root growth: left to cloud-init's", await RootGrowthWriter.WriteAsync(unseededWriter, seeded: false));

        Assert.Empty(seededWriter.Written.Concat(unseededWriter.Written));
        Assert.Null(seeded.Tree.Lookup("/usr/local/sbin/d2l-growroot"));
    }

    [Fact]
    public async Task The_growroot_script_is_valid_POSIX_shell()
    {
        var t = WithTools(systemd: true);
        await RootGrowthWriter.WriteAsync(Writer(t), seeded: false);
        string path = Path.Combine(Path.GetTempPath(), $"d2l-growroot-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, t.Text("/usr/local/sbin/d2l-growroot"));
        try
        {
            using var shell = System.Diagnostics.Process.Start("sh", ["-n", path])!;
            await shell.WaitForExitAsync();
            Assert.Equal(0, shell.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
