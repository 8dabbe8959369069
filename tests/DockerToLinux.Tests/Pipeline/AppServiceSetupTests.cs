using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Pipeline;

public class AppServiceSetupTests
{
    [Fact]
    public async Task An_image_with_neither_systemd_nor_openrc_is_refused_in_one_line_naming_the_service_setting_and_writes_no_disk()
    {
        using var temp = new TempDir();
        var error = await Assert.ThrowsAsync<D2lException>(() => BuildAsync(temp, new TestLayer().Dir("bin").File("bin/sh", "#!\n", 0b111_101_101)));
        Assert.Equal((Setting.Service, "the image's init is neither systemd nor OpenRC, so nothing would start the image's process as a service", 1),
            (error.Setting!.Value, error.Message, Directory.GetFileSystemEntries(temp.Path).Length));
    }

    [Fact]
    public async Task The_app_init_and_a_service_together_are_refused_naming_the_service_setting()
    {
        using var temp = new TempDir();
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            BuildAsync(temp, new TestLayer().Dir("sbin").Symlink("sbin/init", "/lib/systemd/systemd"), InitChoice.App));
        Assert.Equal((Setting.Service, "the service runs under the image's own init, and --init app boots d2l's app init instead"),
            (error.Setting!.Value, error.Message));
    }

    private static async Task BuildAsync(TempDir temp, TestLayer layer, InitChoice init = InitChoice.Auto)
    {
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, [OciLayoutWriter.Plain(layer.ToArray())]);
        await new DiskBuilder().BuildAsync(new BuildOptions
        {
            Source = $"oci:{layout}",
            OutputPath = temp.File("disk.img"),
            Bootloader = Bootloader.None,
            Init = init,
            Service = true,
        }, progress: null, CancellationToken.None);
    }
}
