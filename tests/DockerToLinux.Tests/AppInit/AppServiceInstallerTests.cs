using System.Text;
using DockerToLinux.AppInit;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.AppInit;

public class AppServiceInstallerTests
{
    private static readonly AppLaunch Launch = new(new RunSpec(["/app/server"], [], "/srv/data", "", 15),
        new RunAsUser(0, 0, [0], "/root", "root"), "/app/server", "d2l", 10, false, false);

    private static readonly FsTimestamp Time = FsTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_systemd_image_gets_the_unit_and_the_wants_link_that_enables_it()
    {
        var tree = new FileTree(_ => { });
        var store = new MemoryContentStore();
        var written = await AppServiceInstaller.InstallAsync(tree, store, Launch, ServiceManager.Systemd, Time, CancellationToken.None);
        var link = tree.Lookup("/etc/systemd/system/multi-user.target.wants/d2l-app.service")!.Node;
        var unit = tree.Resolve("/etc/systemd/system/d2l-app.service")!;
        Assert.Equal(
            ("/etc/systemd/system/d2l-app.service /etc/systemd/system/multi-user.target.wants/d2l-app.service",
                "/etc/systemd/system/d2l-app.service", ServiceUnit.Text(Launch), 0b110_100_100),
            (string.Join(' ', written), link.LinkTarget, Encoding.UTF8.GetString(MemoryContentStore.Bytes(unit.Content!)), unit.Permissions));
    }

    [Fact]
    public async Task An_openrc_image_gets_an_executable_script_linked_into_the_default_runlevel()
    {
        var tree = new FileTree(_ => { });
        var store = new MemoryContentStore();
        await AppServiceInstaller.InstallAsync(tree, store, Launch, ServiceManager.OpenRc, Time, CancellationToken.None);
        var script = tree.Resolve("/etc/init.d/d2l-app")!;
        Assert.Equal(("/etc/init.d/d2l-app", 0b111_101_101),
            (tree.Lookup("/etc/runlevels/default/d2l-app")!.Node.LinkTarget, script.Permissions));
    }

    [Fact]
    public async Task A_missing_working_directory_is_created_as_docker_creates_it()
    {
        var tree = new FileTree(_ => { });
        await AppServiceInstaller.InstallAsync(tree, new MemoryContentStore(), Launch, ServiceManager.Systemd, Time, CancellationToken.None);
        Assert.Equal(NodeKind.Directory, tree.Resolve("/srv/data")?.Kind);
    }
}
