using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>
/// <c>d2l push DISK docker://…</c> by the real d2l as nobody, through a proxy that logs (and may drop) the
/// registry requests, against Debian's registry: authentication as the pull side has it, blobs not sent twice,
/// mounts between repositories, and an upload that continues after a dropped connection.
/// </summary>
public sealed class ContainerDiskPushTests(ITestOutputHelper output) : IDisposable
{
    private const int DataMiB = 40;
    private readonly TempDir _temp = new();

    // The raw disk is converted to qcow2 on the way; with SOURCE_DATE_EPOCH that gives the same bytes each push.
    private readonly Dictionary<string, string> _reproducible = new() { ["SOURCE_DATE_EPOCH"] = "1700000000" };

    [Fact]
    public void A_wrong_password_is_one_line_then_creds_and_config_json_push_and_a_repeat_sends_nothing_and_another_repository_mounts()
    {
        string disk = RandomDisk();
        using var issuer = new TokenIssuer("tester", "right");
        using var registry = LocalRegistry.Start(issuer);
        using var proxy = new UploadProxy(registry.Port);
        string first = $"docker://{proxy.Host}/vms/random:1";

        var refused = D2lProcess.RunAsNobody(_temp, ["push", disk, first, "--creds", "tester:wrong"]);
        string line = refused.StdErr.TrimEnd().Split('\n')[^1];
        Assert.Equal(2, refused.ExitCode);
        Assert.DoesNotContain("   at ", refused.StdErr);
        Assert.StartsWith($"d2l: {first}: ", line);
        Assert.Contains("refused the credentials of 'tester' (401 Unauthorized)", line);

        var pushed = D2lProcess.RunAsNobody(_temp, ["push", disk, first, "--creds", "tester:right"], _reproducible).EnsureSuccess("push with --creds");
        output.WriteLine(pushed.StdOut);
        Assert.Contains("sent (", pushed.StdOut);
        string digest = registry.DigestOf("vms/random:1", "tester:right");
        Assert.Contains(digest, pushed.StdOut);

        Directory.CreateDirectory(_temp.File(".docker"));
        File.WriteAllText(_temp.File(".docker/config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object> { [proxy.Host] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("tester:right")) } },
        }));
        proxy.ClearLog();
        var repeated = D2lProcess.RunAsNobody(_temp, ["push", disk, first], _reproducible).EnsureSuccess("second push with config.json");
        output.WriteLine(repeated.StdOut);
        Assert.Contains("already there (nothing sent)", repeated.StdOut);
        Assert.Empty(proxy.Uploads);

        proxy.ClearLog();
        var mounted = D2lProcess.RunAsNobody(_temp, ["push", disk, $"docker://{proxy.Host}/other/random:2"], _reproducible).EnsureSuccess("push to a second repository");
        output.WriteLine(mounted.StdOut);
        Assert.Contains("mounted from another repository (nothing sent)", mounted.StdOut);
        var layerUploads = proxy.Uploads.Where(request => request.Method is "PATCH" || request.Target.Contains("mount=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["POST 201"], layerUploads.Select(request => $"{request.Method} {request.Status}"));
        Assert.Equal(0, proxy.Uploads.Sum(request => request.BodyBytesForwarded) - ConfigBytes(registry, "other/random:2"));

        var image = ContainerDiskImageFiles.Pull(_temp, $"docker://{registry.Host}/other/random:2", "mounted", "tester:right");
        Assert.Matches(@"^dr-xr-xr-x 107/107 +0 .* disk/\n-r--r----- 107/107 +\d+ .* disk/disk\.qcow2\n$", image.Listing);
        Tool.Run("qemu-img", "check", Path.Combine(image.Folder, "disk/disk.qcow2")).EnsureSuccess("qemu-img check");
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", disk, Path.Combine(image.Folder, "disk/disk.qcow2")).EnsureSuccess("qemu-img compare");
    }

    [Fact]
    public void An_upload_dropped_midway_continues_from_the_registrys_offset_and_the_image_holds_the_same_disk()
    {
        string disk = RandomDisk();
        using var registry = LocalRegistry.Start();
        using var proxy = new UploadProxy(registry.Port) { DropPatchNumber = 2, DropAfterBytes = 4 * 1024 * 1024 };

        var pushed = D2lProcess.RunAsNobody(_temp, ["push", disk, $"docker://{proxy.Host}/vms/dropped:1", "--compression", "zstd"])
            .EnsureSuccess("push through the dropping proxy");

        var uploads = proxy.Uploads;
        int drop = uploads.ToList().FindIndex(request => request.Dropped);
        Assert.True(drop > 0, "the proxy dropped no PATCH:\n" + string.Join('\n', uploads));
        long layerSize = LayerSize(registry, "vms/dropped:1");
        long before = uploads.Take(drop).Sum(request => request.BodyBytesForwarded);
        long after = uploads.Skip(drop + 1).Sum(request => request.BodyBytesForwarded) - ConfigBytes(registry, "vms/dropped:1");
        output.WriteLine($"{pushed.StdOut.Trim()}\nlayer {layerSize} bytes: {before} sent before the drop, {uploads[drop].BodyBytesReceived} "
            + $"into the dropped request, {after} after it");
        Assert.Equal(layerSize, before + after);
        Assert.True(after < layerSize, $"{after} bytes were sent after the drop, for a layer of {layerSize}");

        var image = ContainerDiskImageFiles.Pull(_temp, $"docker://{registry.Host}/vms/dropped:1", "dropped");
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", "qcow2", disk, Path.Combine(image.Folder, "disk/disk.qcow2")).EnsureSuccess("qemu-img compare");
    }

    [Fact]
    public void A_qcow2_with_a_backing_file_a_file_that_is_no_disk_a_disk_format_or_compression_a_containerdisk_does_not_take_and_a_missing_flag_are_one_line_exit_2()
    {
        Tool.Run("qemu-img", "create", "-q", "-f", "qcow2", _temp.File("base.qcow2"), "64M").EnsureSuccess("qemu-img create base");
        Tool.Run("qemu-img", "create", "-q", "-f", "qcow2", "-b", _temp.File("base.qcow2"), "-F", "qcow2", _temp.File("overlay.qcow2"))
            .EnsureSuccess("qemu-img create overlay");
        File.SetUnixFileMode(_temp.File("overlay.qcow2"), (UnixFileMode)0b110_100_100);
        File.WriteAllText(_temp.File("id.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJ0ZXN0a2V5bm90cmVhbGx5YWtleWF0YWxsAA test\n");
        File.WriteAllBytes(_temp.File("blank.img"), new byte[1024 * 1024]);
        string nowhere = $"docker://127.0.0.1:{LocalRegistry.FreePort()}/vms/refused:1";
        (string[] Args, string Expected)[] cases =
        [
            (["push", _temp.File("overlay.qcow2"), nowhere], "qcow2 images with a backing file are not supported"),
            (["push", _temp.File("overlay.qcow2"), nowhere, "--format", "vmdk"], "--format: a containerDisk holds a qcow2 or a raw disk, not vmdk"),
            (["push", _temp.File("overlay.qcow2"), nowhere, "--compression", "lz4"], "--compression: 'lz4' is not gzip, zstd or none"),
            (["build", "oci-archive:missing.tar", "-o", nowhere], "is an image destination: add --containerdisk"),
            (["push", _temp.File("id.pub"), nowhere], "is not a whole number of 512-byte sectors"),
            (["push", _temp.File("blank.img"), nowhere], "has no partition table"),
        ];
        foreach (var (args, expected) in cases)
        {
            var result = D2lProcess.RunAsNobody(_temp, args);
            Assert.Equal(2, result.ExitCode);
            Assert.DoesNotContain("   at ", result.StdErr);
            Assert.Contains(expected, result.StdErr.TrimEnd().Split('\n')[^1]);
        }
    }

    // A raw disk of 64 MiB whose first 40 MiB are random (so the layer does not compress below three 16 MiB chunks)
    // but for the MBR's boot signature, which d2l push asks of a disk, world-readable for nobody.
    private string RandomDisk()
    {
        string path = _temp.File("random.img");
        var data = new byte[DataMiB * 1024 * 1024];
        new Random(21).NextBytes(data);
        (data[510], data[511]) = (0x55, 0xAA);
        using (var file = File.Create(path))
        {
            file.Write(data);
            file.SetLength(64L * 1024 * 1024);
        }
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }

    private static JsonElement Manifest(LocalRegistry registry, string repositoryAndTag)
    {
        var args = new List<string> { "inspect", "--tls-verify=false", "--raw", "--creds=tester:right", $"docker://{registry.Host}/{repositoryAndTag}" };
        string raw = Tool.Run("skopeo", args, stdin: null).EnsureSuccess("skopeo inspect --raw").StdOut;
        return JsonDocument.Parse(raw).RootElement.Clone();
    }

    private static long LayerSize(LocalRegistry registry, string repositoryAndTag) =>
        Manifest(registry, repositoryAndTag).GetProperty("layers")[0].GetProperty("size").GetInt64();

    private static long ConfigBytes(LocalRegistry registry, string repositoryAndTag) =>
        Manifest(registry, repositoryAndTag).GetProperty("config").GetProperty("size").GetInt64();

    public void Dispose() => _temp.Dispose();
}
