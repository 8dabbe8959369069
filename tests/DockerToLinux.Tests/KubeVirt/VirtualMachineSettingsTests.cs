using DockerToLinux.KubeVirt;

namespace DockerToLinux.Tests.KubeVirt;

/// <summary>What a VirtualMachine's settings accept: DNS-1123 names, Kubernetes memory quantities, CPU counts.</summary>
public sealed class VirtualMachineSettingsTests
{
    [Theory]
    [InlineData("2Gi", 2L * 1024 * 1024 * 1024)]
    [InlineData("1536Mi", 1536L * 1024 * 1024)]
    [InlineData("2G", 2_000_000_000L)]
    [InlineData("1.5Gi", 1536L * 1024 * 1024)]
    [InlineData("3e9", 3_000_000_000L)]
    [InlineData("67108864", 67108864L)]
    public void A_memory_quantity_in_kubernetes_syntax_is_accepted_as_its_bytes(string text, long bytes) =>
        Assert.Equal(bytes, MemoryQuantity.Check(text));

    [Theory]
    [InlineData("2GB", "is not a Kubernetes quantity")]
    [InlineData("2 Gi", "is not a Kubernetes quantity")]
    [InlineData("-2Gi", "is not a Kubernetes quantity")]
    [InlineData("512m", "is not a Kubernetes quantity")]
    [InlineData("1024", "is less than 64Mi")]
    [InlineData("0.5", "is not a whole number of bytes")]
    [InlineData("9e999", "is more memory than a machine has")]
    public void A_memory_value_kubernetes_or_a_kernel_would_refuse_is_refused_naming_the_setting(string text, string cause)
    {
        var error = Assert.Throws<D2lException>(() => new VirtualMachineSettings { Memory = text }.Check());

        Assert.Equal((FailureKind.BadInput, Setting.VirtualMachineMemory), (error.Kind, error.Setting));
        Assert.StartsWith($"'{text}' {cause}", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/vms/debian@sha256:00", "debian")]
    [InlineData("registry.example/a/b/Debian_12.x@sha256:00", "debian-12-x")]
    [InlineData("registry.example/__@sha256:00", "vm")]
    [InlineData("registry.example/-web--app-@sha256:00", "web-app")]
    public void A_name_from_the_repository_is_its_last_path_element_made_a_dns_label(string image, string name)
    {
        Assert.Equal(name, VirtualMachineNames.FromImage(image));
        Assert.True(VirtualMachineNames.IsValid(name));
    }

    [Fact]
    public void A_name_from_a_long_repository_is_cut_to_63_characters_without_a_trailing_dash()
    {
        string name = VirtualMachineNames.FromImage($"r.example/{new string('a', 62)}_b@sha256:00");

        Assert.Equal(new string('a', 62), name);
    }

    [Theory]
    [InlineData("Web")]
    [InlineData("web_1")]
    [InlineData("-web")]
    [InlineData("web.example")]
    [InlineData("")]
    public void A_given_name_that_is_not_a_dns_label_is_refused_as_it_is(string name)
    {
        var error = Assert.Throws<D2lException>(() => new VirtualMachineSettings { Name = name }.Check());

        Assert.Equal(Setting.VirtualMachineName, error.Setting);
    }

    [Fact]
    public void Zero_cpus_are_refused() =>
        Assert.Equal(Setting.VirtualMachineCpus, Assert.Throws<D2lException>(() => new VirtualMachineSettings { Cpus = 0 }.Check()).Setting);

    [Fact]
    public void A_kernel_with_only_ahci_built_in_gets_sata_and_one_with_only_ide_and_nvme_is_refused()
    {
        Assert.Equal("virtio", KubeVirtDiskBus.For(null));
        Assert.Equal("virtio", KubeVirtDiskBus.For([DiskBus.Ahci, DiskBus.Virtio]));
        Assert.Equal("sata", KubeVirtDiskBus.For([DiskBus.Ide, DiskBus.Ahci]));
        Assert.Equal(Setting.KubeVirtManifest, Assert.Throws<D2lException>(() => KubeVirtDiskBus.For([DiskBus.Ide, DiskBus.Nvme])).Setting);
    }
}
