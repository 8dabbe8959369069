using Xunit.Abstractions;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.KubeVirt;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>
/// <c>d2l push … --kubevirt-manifest</c> by the real d2l as nobody against Debian's registry: the VirtualMachine it
/// writes boots the image by the digest the registry holds, and refusals of its flags are one line, exit 2.
/// </summary>
public sealed class KubeVirtManifestPushTests(ITestOutputHelper output) : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";
    private readonly TempDir _temp = new();

    [Fact]
    public void A_pushed_disks_manifest_names_the_image_by_the_digest_skopeo_inspect_reports_with_the_flags_memory_cpus_name_and_key()
    {
        string disk = SmallDisk();
        using var registry = LocalRegistry.Start();
        string manifest = _temp.File("vm.yaml");

        var pushed = D2lProcess.RunAsNobody(_temp, ["push", disk, $"docker://{registry.Host}/vms/web_app.v2:1", "--kubevirt-manifest", manifest,
            "--vm-memory", "1536Mi", "--vm-cpus", "2", "--user", "alice", "--ssh-key", Key]).EnsureSuccess("push with --kubevirt-manifest");
        output.WriteLine(pushed.StdOut);
        output.WriteLine(File.ReadAllText(manifest));

        string digest = Tool.Run("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{registry.Host}/vms/web_app.v2:1")
            .EnsureSuccess("skopeo inspect").StdOut.Trim();
        var root = YamlTree.Parse(File.ReadAllText(manifest));
        Assert.Equal($"{registry.Host}/vms/web_app.v2@{digest}", YamlTree.Scalar(root, "spec.template.spec.volumes.0.containerDisk.image").Value);
        Assert.Equal("web-app-v2", YamlTree.Scalar(root, "metadata.name").Value);
        Assert.Equal("1536Mi", YamlTree.Scalar(root, "spec.template.spec.domain.resources.requests.memory").Value);
        Assert.Equal("2", YamlTree.Scalar(root, "spec.template.spec.domain.cpu.cores").Value);
        var cloudConfig = YamlTree.Parse(YamlTree.Scalar(root, "spec.template.spec.volumes.1.cloudInitNoCloud.userData").Value!);
        Assert.Equal(("alice", Key), (YamlTree.Scalar(cloudConfig, "users.1.name").Value, YamlTree.Scalar(cloudConfig, "users.1.ssh_authorized_keys.0").Value));
        Assert.Contains($"{manifest}: KubeVirt VirtualMachine booting {registry.Host}/vms/web_app.v2@{digest}", pushed.StdOut);
    }

    [Fact]
    public void Bad_manifest_flags_a_local_destination_and_keys_without_a_manifest_are_one_line_exit_2_and_write_nothing()
    {
        string disk = SmallDisk();
        string nowhere = $"docker://127.0.0.1:{LocalRegistry.FreePort()}/vms/refused:1";
        string manifest = _temp.File("vm.yaml");
        (string[] Args, string Expected)[] cases =
        [
            (["push", disk, nowhere, "--kubevirt-manifest", manifest, "--vm-memory", "2GB"], "--vm-memory: '2GB' is not a Kubernetes quantity"),
            (["push", disk, nowhere, "--kubevirt-manifest", manifest, "--vm-cpus", "0"], "--vm-cpus: 0 is not a number of CPUs"),
            (["push", disk, nowhere, "--kubevirt-manifest", manifest, "--vm-name", "Web_App"], "--vm-name: 'Web_App' is not a DNS-1123 label"),
            (["push", disk, $"oci-archive:{_temp.File("cd.tar")}", "--kubevirt-manifest", manifest], "--kubevirt-manifest: a VirtualMachine boots an image its cluster pulls from a registry"),
            (["push", disk, nowhere, "--vm-memory", "2Gi"], "--vm-memory: shapes the VirtualMachine manifest: add --kubevirt-manifest FILE"),
            (["push", disk, nowhere, "--ssh-key", Key], "--ssh-key: on push, users and keys go only into the VirtualMachine's cloud-init"),
            (["push", disk, nowhere, "--kubevirt-manifest", manifest, "--user", "bob"], "--user: 'bob' has no --ssh-key after it"),
            (["build", "oci-archive:missing.tar", "-o", _temp.File("x.img"), "--kubevirt-manifest", manifest], "--kubevirt-manifest: a VirtualMachine boots a pushed containerDisk"),
        ];
        foreach (var (args, expected) in cases)
        {
            var result = D2lProcess.RunAsNobody(_temp, args);
            Assert.Equal(2, result.ExitCode);
            Assert.DoesNotContain("   at ", result.StdErr);
            Assert.Contains(expected, result.StdErr.TrimEnd().Split('\n')[^1]);
        }
        Assert.False(File.Exists(manifest));
    }

    // A raw disk of 8 MiB with the MBR's boot signature that d2l push asks of a disk, world-readable for nobody.
    private string SmallDisk()
    {
        string path = _temp.File("small.img");
        var data = new byte[8 * 1024 * 1024];
        new Random(22).NextBytes(data.AsSpan(0, 1024 * 1024));
        (data[510], data[511]) = (0x55, 0xAA);
        File.WriteAllBytes(path, data);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }

    public void Dispose() => _temp.Dispose();
}
