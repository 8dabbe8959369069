using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Registry;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Kubernetes;

/// <summary>
/// The d2l image of deploy/ built by deploy/build-image.sh around the program under test, pushed to a registry
/// with buildah and pulled back with skopeo as a cluster would, then run with the settings of deploy/d2l-job.yaml:
/// its user, no capabilities, a read-only root with the emptyDir as the only writable place, its environment and
/// arguments, credentials from the mounted Secret. It converts the Debian template into a containerDisk pushed to
/// the same registry.
/// </summary>
public sealed class D2lImageJobTests(ITestOutputHelper output) : IDisposable
{
    private const string Epoch = "1700000000";
    private const string Credentials = "builder:secret";
    private const string NoCapabilities = "0000000000000000";
    private readonly TempDir _temp = new();
    private readonly Dictionary<string, string> _storage = [];
    private string? _tag;

    [Fact]
    public async Task The_d2l_image_runs_as_65532_without_capabilities_on_a_read_only_root_and_pushes_the_containerdisk_a_build_outside_it_gives()
    {
        string program = NativeProgram();
        _storage["CONTAINERS_STORAGE_CONF"] = await D2lImageStorage.GetStorageConfigAsync();
        string templates = await DebianTemplate.GetCacheFolderAsync();
        _tag = $"localhost/d2l-image-test:{Guid.NewGuid():N}";
        string script = Path.Combine(DebianTemplate.RepositoryRoot(), "deploy", "build-image.sh");
        Tool.Run("bash", [script, "-t", _tag, "--base", await D2lImageStorage.GetBaseImageAsync(), "--program", program], stdin: null,
            environment: _storage).EnsureSuccess("deploy/build-image.sh");

        using var issuer = new TokenIssuer("builder", "secret");
        using var registry = LocalRegistry.Start(issuer);
        string d2lImage = $"docker://{registry.Host}/tools/d2l:1";
        Tool.Run("buildah", ["push", "--quiet", "--tls-verify=false", $"--creds={Credentials}", _tag, d2lImage], stdin: null,
            environment: _storage).EnsureSuccess("buildah push of the d2l image");
        string layout = _temp.File("d2l-layout");
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", "--src-tls-verify=false", $"--src-creds={Credentials}", d2lImage,
            $"oci:{layout}:d2l").EnsureSuccess("skopeo copy of the d2l image");
        Tool.Run("umoci", "unpack", "--image", $"{layout}:d2l", _temp.File("bundle")).EnsureSuccess("umoci unpack");
        string root = _temp.File("bundle/rootfs");
        ReportSize(d2lImage, root);

        var job = JobManifest.Read(Path.Combine(DebianTemplate.RepositoryRoot(), "deploy", "d2l-job.yaml"));
        Assert.Equal((true, false, true, "RuntimeDefault", "ALL"),
            (job.RunAsNonRoot, job.AllowPrivilegeEscalation, job.ReadOnlyRootFilesystem, job.SeccompProfile, string.Join(',', job.DroppedCapabilities)));
        using var config = JsonDocument.Parse(Tool.Run("skopeo", "inspect", "--config", $"oci:{layout}:d2l").EnsureSuccess("skopeo inspect --config").StdOut);
        var imageConfig = config.RootElement.GetProperty("config");
        Assert.Equal($"{job.RunAsUser}:{job.RunAsGroup}", imageConfig.GetProperty("User").GetString());
        // HOME as a container runtime sets it: the home of the user's line in the image's /etc/passwd.
        string home = File.ReadLines(Path.Combine(root, "etc/passwd")).Single(line => line.Split(':')[2] == $"{job.RunAsUser}").Split(':')[5];
        string[] environment =
        [
            .. imageConfig.GetProperty("Env").EnumerateArray().Select(entry => entry.GetString()!),
            $"HOME={home}", .. job.Environment, $"SOURCE_DATE_EPOCH={Epoch}",
        ];
        string secret = Directory.CreateDirectory(_temp.File("secret")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secret, job.SecretFile), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object> { [registry.Host] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Credentials)) } },
        }));
        // World-writable as an emptyDir is, so the Job's user can write it.
        string scratch = Directory.CreateDirectory(_temp.File("emptydir")).FullName;
        File.SetUnixFileMode(scratch, (UnixFileMode)0b111_111_111);

        // The Job's arguments with its source and destination pointed at this test's archive and registry.
        Assert.Equal(["build", "--containerdisk", "-o"], [job.Args[0], job.Args[2], job.Args[3]]);
        Assert.Equal(5, job.Args.Count);
        string containerDisk = $"docker://{registry.Host}/vms/debian:12";
        string[] command =
        [
            .. imageConfig.GetProperty("Entrypoint").EnumerateArray().Select(entry => entry.GetString()!),
            job.Args[0], $"oci-archive:{PodSandbox.SourceMount}/{DebianTemplate.OciArchive}", job.Args[2], job.Args[3], containerDisk,
        ];
        var clock = Stopwatch.StartNew();
        using var pod = PodSandbox.Start(root, job, scratch, templates, secret, environment, command);
        var stdout = pod.StandardOutput.ReadToEndAsync();
        var stderr = pod.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var seen = await ProcessSnapshot.WaitForAsync(pod.Id, "d2l", job.ScratchMount, deadline.Token);
        await pod.WaitForExitAsync(deadline.Token);
        clock.Stop();
        output.WriteLine($"{await stdout}\nconversion in the pod sandbox {clock.Elapsed.TotalSeconds:0.0} s, "
            + $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.True(pod.ExitCode == 0, $"d2l in the image exited {pod.ExitCode}\n{await stderr}");

        Assert.NotNull(seen);
        output.WriteLine($"the running d2l: Uid {seen.Status["Uid"]}, Gid {seen.Status["Gid"]}, CapEff {seen.Status["CapEff"]}, CapBnd {seen.Status["CapBnd"]}, "
            + $"NoNewPrivs {seen.Status["NoNewPrivs"]}; / mounted {seen.RootOptions}, {job.ScratchMount} mounted {seen.ScratchOptions}");
        Assert.Equal(("65532\t65532\t65532\t65532", "65532\t65532\t65532\t65532", "", "1"),
            (seen.Status["Uid"], seen.Status["Gid"], seen.Status["Groups"], seen.Status["NoNewPrivs"]));
        Assert.All(new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" }, set => Assert.Equal(NoCapabilities, seen.Status[set]));
        Assert.StartsWith("ro,", seen.RootOptions + ",");
        Assert.StartsWith("rw,", seen.ScratchOptions + ",");

        var pulled = ContainerDiskImageFiles.Pull(_temp, containerDisk, "debian", Credentials);
        Assert.Matches(@"^dr-xr-xr-x 107/107 +0 .* disk/\n-r--r----- 107/107 +\d+ .* disk/disk\.qcow2\n$", pulled.Listing);
        string outside = _temp.File("outside.qcow2");
        D2lProcess.RunAsNobody(_temp, ["build", $"oci-archive:{Path.Combine(templates, DebianTemplate.OciArchive)}", "-o", outside],
            new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = Epoch }).EnsureSuccess("d2l build outside the image");
        Tool.Run("cmp", outside, Path.Combine(pulled.Folder, "disk/disk.qcow2")).EnsureSuccess("cmp of the outside build and the pushed disk");
    }

    // The figures the README gives for the image: its layers as the registry stores them (gzip) and its root unpacked.
    private void ReportSize(string reference, string root)
    {
        using var manifest = JsonDocument.Parse(Tool.Run("skopeo", "inspect", "--raw", "--tls-verify=false", $"--creds={Credentials}", reference)
            .EnsureSuccess("skopeo inspect of the d2l image").StdOut);
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("size").GetInt64()).ToList();
        string unpacked = Tool.Run("du", "-sb", root).EnsureSuccess("du").StdOut.Split('\t')[0];
        output.WriteLine($"d2l image: {layers.Count} layers, {layers.Sum()} bytes compressed ({string.Join(" + ", layers)}), {unpacked} bytes unpacked");
    }

    // The image holds the native program (what users run); deploy/build-image.sh takes it by path.
    private static string NativeProgram()
    {
        string? named = Environment.GetEnvironmentVariable("D2L_PROGRAM");
        string program = string.IsNullOrEmpty(named) ? Path.Combine(DebianTemplate.RepositoryRoot(), "artifacts", "linux-x64", "d2l") : named;
        if (!File.Exists(program) || Path.GetFileName(program) != "d2l")
        {
            throw new InvalidOperationException($"no native d2l at {program}: dotnet publish src/DockerToLinux.Cli -c Release -r linux-x64 "
                + "-o artifacts/linux-x64, and D2L_PROGRAM naming it");
        }
        return program;
    }

    public void Dispose()
    {
        if (_tag is not null)
        {
            // The program's layer is new in every run; the runtime stage under it stays cached.
            Tool.Run("buildah", ["rmi", _tag], stdin: null, environment: _storage);
        }
        _temp.Dispose();
    }
}
