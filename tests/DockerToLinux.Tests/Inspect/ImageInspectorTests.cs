using DockerToLinux.Images;
using DockerToLinux.Inspect;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Inspect;

public class ImageInspectorTests
{
    [Fact]
    public async Task Each_layer_reports_what_it_adds_changes_deletes_and_the_bytes_later_layers_hide()
    {
        using var temp = new TempDir();
        var layers = new[]
        {
            OciLayoutWriter.Plain(new TestLayer().Dir("etc").File("etc/a", new string('a', 100)).File("etc/b", new string('b', 50))
                .Dir("srv").File("srv/x", new string('x', 10)).ToArray()),
            OciLayoutWriter.Gzip(new TestLayer().Dir("etc").File("etc/a", new string('A', 200)).File("etc/c", "1234567")
                .Whiteout("srv/x").ToArray()),
            OciLayoutWriter.Plain(new TestLayer().Dir("etc").Opaque("etc").File("etc/d", "d").ToArray()),
        };
        string manifest = OciLayoutWriter.WriteLayout(temp.File("layout"), layers);

        var report = await ImageInspector.InspectAsync($"oci:{temp.File("layout")}", new ImageSourceOptions(), null, CancellationToken.None);

        Assert.Equal(manifest, report.ManifestDigest);
        Assert.StartsWith("sha256:", report.ConfigDigest);
        Assert.Equal("linux/amd64", report.Platform);
        Assert.Equal("1000:1000", report.User);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], report.Cmd);
        Assert.Equal("test layers", report.History[0].CreatedBy);
        Assert.Equal(
            [(5, 0, 0, 160L), (1, 1, 1, 207L), (1, 0, 3, 0L)],
            report.Layers.Select(layer => (layer.FilesAdded, layer.FilesChanged, layer.FilesDeleted, layer.WastedBytes)));
        Assert.Equal(layers.Select(layer => (long)layer.Tar.Length), report.Layers.Select(layer => layer.UncompressedSize));
        Assert.Equal(layers.Select(layer => (long)layer.Blob.Length), report.Layers.Select(layer => layer.CompressedSize));
        Assert.Equal(layers.Select(layer => OciLayoutWriter.Sha(layer.Blob)), report.Layers.Select(layer => layer.Digest));
    }

    [Fact]
    public async Task An_image_without_kernel_init_and_command_is_judged_not_bootable_with_what_is_missing_and_the_template_to_use()
    {
        using var temp = new TempDir();
        OciLayoutWriter.WriteLayout(temp.File("layout"), [OciLayoutWriter.Plain(new TestLayer().Dir("etc").File("etc/os-release", "ID=x\n").ToArray())],
            withCmd: false);

        var verdict = (await ImageInspector.InspectAsync($"oci:{temp.File("layout")}", new ImageSourceOptions(), null, CancellationToken.None)).Bootability;

        Assert.False(verdict.Bootable);
        Assert.Null(verdict.Kernel);
        Assert.Null(verdict.Init);
        Assert.Contains(verdict.Missing, item => item.StartsWith("kernel", StringComparison.Ordinal));
        Assert.Contains(verdict.Missing, item => item.StartsWith("init", StringComparison.Ordinal));
        Assert.Contains("templates/debian/Dockerfile", verdict.Advice);
    }

    [Fact]
    public async Task An_image_with_kernel_initramfs_init_and_extlinux_is_judged_bootable()
    {
        using var temp = new TempDir();
        var tar = new TestLayer().Dir("boot").File("boot/vmlinuz-6.1.0-1-amd64", "kernel").File("boot/initrd.img-6.1.0-1-amd64", "initrd")
            .Dir("usr").Dir("usr/lib").Dir("usr/lib/systemd").File("usr/lib/systemd/systemd", "init", mode: 0b111_101_101)
            .Dir("sbin").Symlink("sbin/init", "/usr/lib/systemd/systemd")
            .Dir("usr/bin").File("usr/bin/extlinux", "extlinux").Dir("usr/lib/EXTLINUX").File("usr/lib/EXTLINUX/mbr.bin", "mbr")
            .ToArray();
        OciLayoutWriter.WriteLayout(temp.File("layout"), [OciLayoutWriter.Plain(tar)]);

        var verdict = (await ImageInspector.InspectAsync($"oci:{temp.File("layout")}", new ImageSourceOptions(), null, CancellationToken.None)).Bootability;

        Assert.True(verdict.Bootable, string.Join("; ", verdict.Missing));
        Assert.Equal("/boot/vmlinuz-6.1.0-1-amd64", verdict.Kernel);
        Assert.Equal("/boot/initrd.img-6.1.0-1-amd64", verdict.Initrd);
        Assert.Equal("/usr/lib/systemd/systemd", verdict.Init);
        Assert.Equal("the image", verdict.BootloaderFiles);
        Assert.Null(verdict.Advice);
    }

    private static async Task<BootabilityVerdict> JudgeAsync(TempDir temp, params byte[][] layers)
    {
        OciLayoutWriter.WriteLayout(temp.File("layout"), [.. layers.Select(OciLayoutWriter.Plain)]);
        return (await ImageInspector.InspectAsync($"oci:{temp.File("layout")}", new ImageSourceOptions(), null, CancellationToken.None)).Bootability;
    }

    [Fact]
    public async Task An_image_with_a_cmd_and_no_init_of_its_own_is_judged_to_boot_the_app_init_and_lacks_no_init()
    {
        using var temp = new TempDir();

        var verdict = await JudgeAsync(temp, new TestLayer().Dir("etc").File("etc/os-release", "ID=x\n").ToArray());

        Assert.Equal((true, (string?)null, false), (verdict.AppInit, verdict.Init, verdict.Missing.Any(item => item.StartsWith("init", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Busybox_init_whose_inittab_from_an_earlier_layer_names_programs_that_exist_is_the_images_own_init()
    {
        using var temp = new TempDir();
        var busybox = new TestLayer().Dir("bin").File("bin/busybox", "busybox", mode: 0b111_101_101).Dir("sbin").Symlink("sbin/init", "/bin/busybox")
            .Dir("etc").File("etc/inittab", "::sysinit:/sbin/openrc sysinit\n# a comment\n::shutdown:/sbin/openrc shutdown\n").ToArray();
        var openrc = new TestLayer().Dir("sbin").File("sbin/openrc", "openrc", mode: 0b111_101_101).ToArray();

        var verdict = await JudgeAsync(temp, busybox, openrc);

        Assert.Equal((false, "/bin/busybox"), (verdict.AppInit, verdict.Init));
    }

    [Fact]
    public async Task Busybox_init_whose_inittab_names_a_program_the_image_lacks_leaves_the_image_to_the_app_init()
    {
        using var temp = new TempDir();
        var busybox = new TestLayer().Dir("bin").File("bin/busybox", "busybox", mode: 0b111_101_101).Dir("sbin").Symlink("sbin/init", "/bin/busybox")
            .Dir("etc").File("etc/inittab", "::sysinit:/sbin/openrc sysinit\n").ToArray();

        var verdict = await JudgeAsync(temp, busybox);

        Assert.Equal((true, (string?)null), (verdict.AppInit, verdict.Init));
    }
}
