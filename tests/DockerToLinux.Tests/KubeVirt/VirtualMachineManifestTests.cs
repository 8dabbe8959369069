using DockerToLinux.KubeVirt;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DockerToLinux.Tests.KubeVirt;

/// <summary>The VirtualMachine manifests d2l writes, read back by YamlDotNet and held against KubeVirt's v1 types.</summary>
public sealed class VirtualMachineManifestTests
{
    private const string Image = "127.0.0.1:5000/vms/Debian_12@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string AliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";
    private const string RootKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7 root key: yes #1";

    [Fact]
    public void A_manifest_reads_back_as_a_kubevirt_v1_virtual_machine_with_the_pinned_image_memory_cpus_serial_console_and_virtio_disk()
    {
        var root = YamlTree.Parse(VirtualMachineManifest.Render(new VirtualMachineSettings { Memory = "2Gi", Cpus = 3 }, Image, "virtio"));

        Assert.Equal("kubevirt.io/v1", YamlTree.Scalar(root, "apiVersion").Value);
        Assert.Equal("VirtualMachine", YamlTree.Scalar(root, "kind").Value);
        Assert.Equal("debian-12", YamlTree.Scalar(root, "metadata.name").Value);
        Assert.Equal("Always", YamlTree.Scalar(root, "spec.runStrategy").Value);
        Assert.Equal(Image, YamlTree.Scalar(root, "spec.template.spec.volumes.0.containerDisk.image").Value);
        Assert.Equal("2Gi", YamlTree.Scalar(root, "spec.template.spec.domain.resources.requests.memory").Value);
        var cores = YamlTree.Scalar(root, "spec.template.spec.domain.cpu.cores");
        Assert.Equal(("3", ScalarStyle.Plain), (cores.Value, cores.Style));
        var serial = YamlTree.Scalar(root, "spec.template.spec.domain.devices.autoattachSerialConsole");
        Assert.Equal(("true", ScalarStyle.Plain), (serial.Value, serial.Style));
        Assert.Equal("containerdisk", YamlTree.Scalar(root, "spec.template.spec.domain.devices.disks.0.name").Value);
        Assert.Equal("containerdisk", YamlTree.Scalar(root, "spec.template.spec.volumes.0.name").Value);
        Assert.Equal("virtio", YamlTree.Scalar(root, "spec.template.spec.domain.devices.disks.0.disk.bus").Value);
        Assert.Single(((YamlSequenceNode)YamlTree.Node(root, "spec.template.spec.volumes")).Children);
    }

    [Fact]
    public void Every_field_path_in_a_manifest_with_cloud_init_is_one_that_kubevirts_v1_types_define_and_its_enum_values_are_theirs()
    {
        var settings = new VirtualMachineSettings { Name = "web-1", Users = [new VirtualMachineUser("root", [RootKey]), new VirtualMachineUser("alice", [AliceKey])] };
        var root = YamlTree.Parse(VirtualMachineManifest.Render(settings, Image, "sata"));

        var paths = YamlTree.Paths(root).Distinct().ToList();
        Assert.DoesNotContain(paths, path => !KubeVirtV1Paths.Fields.ContainsKey(path));
        Assert.Contains("spec.template.spec.volumes[].cloudInitNoCloud.userData", paths);
        Assert.Contains(YamlTree.Scalar(root, "spec.runStrategy").Value, KubeVirtV1Paths.RunStrategies);
        foreach (var disk in ((YamlSequenceNode)YamlTree.Node(root, "spec.template.spec.domain.devices.disks")).Children)
        {
            Assert.Equal("sata", YamlTree.Scalar(disk, "disk.bus").Value);
            Assert.Contains("sata", KubeVirtV1Paths.DiskBuses);
        }
    }

    [Fact]
    public void The_cloud_init_volume_of_a_manifest_with_keys_carries_them_in_user_data_that_reads_as_cloud_config_for_root_and_the_user()
    {
        var settings = new VirtualMachineSettings { Users = [new VirtualMachineUser("root", [RootKey]), new VirtualMachineUser("alice", [AliceKey])] };
        var root = YamlTree.Parse(VirtualMachineManifest.Render(settings, Image, "virtio"));

        Assert.Equal("cloudinitdisk", YamlTree.Scalar(root, "spec.template.spec.domain.devices.disks.1.name").Value);
        Assert.Equal("cloudinitdisk", YamlTree.Scalar(root, "spec.template.spec.volumes.1.name").Value);
        var userData = YamlTree.Scalar(root, "spec.template.spec.volumes.1.cloudInitNoCloud.userData");
        Assert.Equal(ScalarStyle.Literal, userData.Style);
        Assert.StartsWith("#cloud-config\n", userData.Value);
        var cloudConfig = YamlTree.Parse(userData.Value!);
        Assert.Equal("false", YamlTree.Scalar(cloudConfig, "disable_root").Value);
        Assert.Equal("default", YamlTree.Scalar(cloudConfig, "users.0").Value);
        Assert.Equal("root", YamlTree.Scalar(cloudConfig, "users.1.name").Value);
        Assert.Equal(RootKey, YamlTree.Scalar(cloudConfig, "users.1.ssh_authorized_keys.0").Value);
        Assert.Equal("alice", YamlTree.Scalar(cloudConfig, "users.2.name").Value);
        Assert.Equal(AliceKey, YamlTree.Scalar(cloudConfig, "users.2.ssh_authorized_keys.0").Value);
        Assert.Equal(["false", "false"], new[] { 1, 2 }.Select(i => YamlTree.Scalar(cloudConfig, $"users.{i}.lock_passwd").Value));
    }

    [Fact]
    public void A_manifest_for_a_user_without_keys_has_no_cloud_init_volume_and_root_keys_alone_leave_the_default_user_first()
    {
        var keyless = YamlTree.Parse(VirtualMachineManifest.Render(new VirtualMachineSettings { Users = [new VirtualMachineUser("bob", [])] }, Image, "virtio"));
        var rootOnly = YamlTree.Parse(VirtualMachineManifest.Render(
            new VirtualMachineSettings { Users = [new VirtualMachineUser("root", [RootKey])] }, Image, "virtio"));

        Assert.DoesNotContain(YamlTree.Paths(keyless), path => path.Contains("cloudInitNoCloud", StringComparison.Ordinal));
        var cloudConfig = YamlTree.Parse(YamlTree.Scalar(rootOnly, "spec.template.spec.volumes.1.cloudInitNoCloud.userData").Value!);
        Assert.Equal(["default", "root"], ((YamlSequenceNode)YamlTree.Node(cloudConfig, "users")).Children
            .Select(user => user is YamlScalarNode scalar ? scalar.Value : YamlTree.Scalar(user, "name").Value));
    }
}
