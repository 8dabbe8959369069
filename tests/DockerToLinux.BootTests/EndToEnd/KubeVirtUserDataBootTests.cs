using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.KubeVirt;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// The cloud-init user data of the VirtualMachine manifest <c>d2l push --kubevirt-manifest</c> writes, given to a
/// real cloud-init: the Debian cloud image of the boot tests, seeded with the manifest's <c>userData</c> as KubeVirt's
/// <c>cloudInitNoCloud</c> volume would hand it over, boots once; the guest's own files are the referee, and the
/// console login as root with the disk's password, which comes after cloud-init has run, shows the password unlocked.
/// </summary>
public sealed class KubeVirtUserDataBootTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task Cloud_init_given_the_manifests_user_data_makes_alice_with_her_key_gives_root_its_key_without_a_refusing_command_and_leaves_roots_password_working()
    {
        string aliceKey = PublicKey("alice"), rootKey = PublicKey("root");
        string pushedDisk = BootSignedDisk();
        string manifest = _temp.File("vm.yaml");
        using (var registry = LocalRegistry.Start())
        {
            D2lProcess.RunAsNobody(_temp, ["push", pushedDisk, $"docker://{registry.Host}/vms/cloud:1", "--kubevirt-manifest", manifest,
                "--ssh-key", rootKey, "--user", "alice", "--ssh-key", aliceKey]).EnsureSuccess("push with --kubevirt-manifest");
        }
        string userData = _temp.File("user-data");
        File.WriteAllText(userData, YamlTree.Scalar(YamlTree.Parse(File.ReadAllText(manifest)), "spec.template.spec.volumes.1.cloudInitNoCloud.userData").Value);
        File.SetUnixFileMode(userData, (UnixFileMode)0b110_100_100);
        output.WriteLine(File.ReadAllText(userData));
        string archive = await InitsCloudImages.GetArchiveAsync(InitsCloudImages.CloudOciArchive);
        string disk = ConsoleGuest.Build(_temp, archive, "cloud.img", "--cloud-init", userData);

        string state = ConsoleGuest.Run(_temp, output, disk,
            "cloud-init status --wait >/dev/null; id -un alice; cat /home/alice/.ssh/authorized_keys; echo ---; cat /root/.ssh/authorized_keys")
            .Replace("\r", "", StringComparison.Ordinal);

        Assert.Equal($"alice\n{aliceKey}\n---\n{rootKey}", state.Trim());
    }

    private string PublicKey(string name)
    {
        string key = _temp.File($"id_{name}");
        Tool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", $"{name}@test", "-f", key).EnsureSuccess("ssh-keygen");
        return File.ReadAllText(key + ".pub").Trim();
    }

    // The manifest is written for a pushed disk; what the disk holds does not matter here, only that d2l push takes it.
    private string BootSignedDisk()
    {
        string path = _temp.File("pushed.img");
        var data = new byte[1024 * 1024];
        (data[510], data[511]) = (0x55, 0xAA);
        File.WriteAllBytes(path, data);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        return path;
    }

    public void Dispose() => _temp.Dispose();
}
