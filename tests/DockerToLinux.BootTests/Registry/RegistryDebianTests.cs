using System.Diagnostics;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>
/// The Debian template pushed to a local registry and built from there by the real d2l as nobody: the
/// disk holds the same files as the one built from the oci-archive, and it boots. Also d2l inspect's verdicts.
/// </summary>
public sealed class RegistryDebianTests(ITestOutputHelper output) : IDisposable
{
    private const string Epoch = "1700000000";
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_debian_template_pulled_from_a_local_registry_builds_the_same_files_as_its_oci_archive_and_boots()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var registry = LocalRegistry.Start();
        registry.Push($"oci-archive:{archive}", "debian:1");
        var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = Epoch };

        var pull = Stopwatch.StartNew();
        D2lProcess.RunAsNobody(_temp, ["build", $"docker://{registry.Host}/debian:1", "-o", _temp.File("registry.img")], environment)
            .EnsureSuccess("d2l build from the registry");
        pull.Stop();
        var local = Stopwatch.StartNew();
        D2lProcess.RunAsNobody(_temp, ["build", $"oci-archive:{archive}", "-o", _temp.File("archive.img")], environment)
            .EnsureSuccess("d2l build from the oci-archive");
        local.Stop();
        output.WriteLine($"build from registry {pull.Elapsed.TotalSeconds:0.0} s, from oci-archive {local.Elapsed.TotalSeconds:0.0} s");

        string fromRegistry = Listing(_temp.File("registry.img"), "registry");
        string fromArchive = Listing(_temp.File("archive.img"), "archive");
        await File.WriteAllTextAsync(_temp.File("registry.list"), fromRegistry);
        await File.WriteAllTextAsync(_temp.File("archive.list"), fromArchive);
        Assert.True(fromRegistry == fromArchive, "the filesystems differ:\n"
            + Tool.Shell($"diff {_temp.File("registry.list")} {_temp.File("archive.list")} | head -40").StdOut);
        Assert.Contains("boot/vmlinuz-", fromRegistry);
        Tool.Shell($"diff -r --no-dereference {_temp.File("mnt-registry")} {_temp.File("mnt-archive")}")
            .EnsureSuccess("file contents differ");

        Unmount("registry");
        Unmount("archive");
        var result = await new QemuBootRunner().RunAsync(new BootOptions(_temp.File("registry.img"))
            .WithExpectPattern(@"^d2l login:")
            .WithTimeout(TimeSpan.FromMinutes(5))
            .WithLog(_temp.File("console.log")), TextWriter.Null, CancellationToken.None);
        output.WriteLine($"boot: {result.AcceleratorUsed}, {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Succeeded, $"{result.Failure}\n{string.Join('\n', result.LastLines)}");
    }

    [Fact]
    public async Task Inspect_lists_the_templates_layers_and_history_and_says_it_boots_and_says_what_the_plain_base_lacks()
    {
        string template = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        string baseImage = await DebianTemplate.GetArchiveAsync(DebianTemplate.BaseOciArchive);

        var good = D2lProcess.RunAsNobody(_temp, ["inspect", $"oci-archive:{template}"]).EnsureSuccess("d2l inspect template").StdOut;
        var json = D2lProcess.RunAsNobody(_temp, ["inspect", "--json", $"oci-archive:{template}"]).EnsureSuccess("d2l inspect --json").StdOut;
        var bare = D2lProcess.RunAsNobody(_temp, ["inspect", $"oci-archive:{baseImage}"]).EnsureSuccess("d2l inspect base").StdOut;
        output.WriteLine(good);

        Assert.Contains("Layers:", good);
        Assert.Contains("History:", good);
        Assert.Matches(@"1\. sha256:[0-9a-f]{64}", good);
        Assert.Matches(@"\d+ added, \d+ changed, \d+ deleted", good);
        Assert.Contains("Bootable:   yes", good);
        Assert.Matches(@"kernel:\s+/boot/vmlinuz-", good);
        using (var document = System.Text.Json.JsonDocument.Parse(json))
        {
            Assert.True(document.RootElement.GetProperty("bootability").GetProperty("bootable").GetBoolean());
            Assert.True(document.RootElement.GetProperty("layers").GetArrayLength() >= 1);
        }
        Assert.Contains("Bootable:   no", bare);
        Assert.Contains("missing: kernel", bare);
        // debian:bookworm has no init of its own and a Cmd (bash), which d2l's app init would run.
        Assert.Contains("init:        d2l's app init", bare);
        Assert.DoesNotContain("missing: init", bare);
        Assert.Contains("templates/debian/Dockerfile", bare);
    }

    // Every path with type, mode, owner, size, mtime and link target, from a read-only loop mount of partition 1.
    private string Listing(string disk, string name)
    {
        string mount = _temp.File($"mnt-{name}");
        Directory.CreateDirectory(mount);
        Tool.Run("mount", "-o", "ro,loop,offset=1048576", disk, mount).EnsureSuccess($"mount {name}");
        return Tool.Shell($"cd {mount} && find . -printf '%P %y %m %U:%G %s %T@ %l\\n' | LC_ALL=C sort").EnsureSuccess("find").StdOut;
    }

    private void Unmount(string name) => Tool.Run("umount", _temp.File($"mnt-{name}"));

    public void Dispose()
    {
        Unmount("registry");
        Unmount("archive");
        _temp.Dispose();
    }
}
