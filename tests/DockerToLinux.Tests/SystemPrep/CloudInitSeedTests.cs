using DockerToLinux.SystemPrep;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.SystemPrep;

public sealed class CloudInitSeedTests : IDisposable
{
    private static readonly Guid Uuid = new("0b7c8e2a-1d2f-4a5b-9c3d-7e6f5a4b3c2d");
    private readonly string _folder = Directory.CreateTempSubdirectory("d2l-seed-").FullName;

    private SystemPrepOptions Options(string? userData, string? metaData = null) => new()
    {
        FilesystemUuid = Uuid, Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Hostname = "vm1",
        CloudInitUserData = userData, CloudInitMetaData = metaData,
    };

    private string HostFile(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static TreeBuilder WithCloudInit()
    {
        var t = new TreeBuilder();
        t.File("/usr/bin/cloud-init", "#!/usr/bin/python3");
        return t;
    }

    [Fact]
    public async Task The_user_data_goes_into_the_NoCloud_seed_with_meta_data_naming_the_disk_s_instance_and_host_root_only()
    {
        var t = WithCloudInit();
        var result = await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options(HostFile("user-data", "#cloud-config\nruncmd: [touch, /x]\n")), default);

        Assert.Equal("#cloud-config\nruncmd: [touch, /x]\n", t.Text("/var/lib/cloud/seed/nocloud/user-data"));
        Assert.Equal($"instance-id: d2l-{Uuid:D}\nlocal-hostname: vm1\n", t.Text("/var/lib/cloud/seed/nocloud/meta-data"));
        Assert.Equal(0b110_000_000, t.Tree.Lookup("/var/lib/cloud/seed/nocloud/user-data")!.Node.Permissions);
        Assert.Equal(0b110_000_000, t.Tree.Lookup("/var/lib/cloud/seed/nocloud/meta-data")!.Node.Permissions);
        Assert.Contains("/var/lib/cloud/seed/nocloud/user-data", result.WrittenPaths);
        Assert.All(result.WrittenPaths.Where(path => path.EndsWith("-data", StringComparison.Ordinal)),
            path => Assert.Contains(path, SystemPreparer.Files));
    }

    [Fact]
    public async Task A_meta_data_file_of_the_user_s_is_written_as_it_is()
    {
        var t = WithCloudInit();
        await SystemPreparer.ApplyAsync(t.Tree, t.Store,
            Options(HostFile("u", "#cloud-config\n"), HostFile("m", "instance-id: mine\n")), default);

        Assert.Equal("instance-id: mine\n", t.Text("/var/lib/cloud/seed/nocloud/meta-data"));
    }

    [Fact]
    public async Task An_image_without_cloud_init_is_refused_naming_the_setting()
    {
        var t = new TreeBuilder();
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            SystemPreparer.ApplyAsync(t.Tree, t.Store, Options(HostFile("u", "#cloud-config\n")), default));

        Assert.Equal((Setting.CloudInit, FailureKind.BadInput), (error.Setting, error.Kind));
        Assert.Contains("the image has no cloud-init", error.Message);
    }

    [Fact]
    public async Task A_user_data_file_that_is_not_there_is_refused_naming_it()
    {
        var t = WithCloudInit();
        string missing = Path.Combine(_folder, "absent");
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            SystemPreparer.ApplyAsync(t.Tree, t.Store, Options(missing), default));

        Assert.Equal(Setting.CloudInit, error.Setting);
        Assert.StartsWith($"cannot read {missing}: ", error.Message);
    }

    [Fact]
    public async Task Without_user_data_no_seed_is_written()
    {
        var t = WithCloudInit();
        await SystemPreparer.ApplyAsync(t.Tree, t.Store, Options(null), default);

        Assert.Null(t.Tree.Lookup("/var/lib/cloud"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
