using DockerToLinux.KubeVirt;
using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.KubeVirt;

/// <summary>
/// A manifest that cannot be written is refused before anything is pushed: the destination named has no registry
/// listening, so a refusal that came from the push would name the connection instead.
/// </summary>
public sealed class ManifestRefusalTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task A_manifest_for_an_oci_archive_destination_is_refused_naming_the_manifest_setting_and_nothing_is_written()
    {
        string disk = await DiskAsync();
        var options = new ContainerDiskOptions($"oci-archive:{_temp.File("cd.tar")}") { ManifestPath = _temp.File("vm.yaml") };

        var error = await Assert.ThrowsAsync<D2lException>(() => PushAsync(disk, options));

        Assert.Equal(Setting.KubeVirtManifest, error.Setting);
        Assert.Contains("pulls from a registry", error.Message);
        Assert.Equal(["disk.img"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_manifest_file_that_exists_without_force_and_a_bad_memory_value_are_refused_before_the_push_and_the_file_is_kept()
    {
        string disk = await DiskAsync();
        await File.WriteAllTextAsync(_temp.File("vm.yaml"), "mine");
        string nowhere = "docker://127.0.0.1:1/vms/x:1";   // port 1: nothing listens

        var exists = await Assert.ThrowsAsync<D2lException>(() => PushAsync(disk, new ContainerDiskOptions(nowhere) { ManifestPath = _temp.File("vm.yaml") }));
        var memory = await Assert.ThrowsAsync<D2lException>(() => PushAsync(disk, new ContainerDiskOptions(nowhere)
        {
            ManifestPath = _temp.File("other.yaml"),
            VirtualMachine = new VirtualMachineSettings { Memory = "lots" },
        }));

        Assert.Equal((Setting.Force, Setting.VirtualMachineMemory), (exists.Setting, memory.Setting));
        Assert.Equal("mine", await File.ReadAllTextAsync(_temp.File("vm.yaml")));
        Assert.False(File.Exists(_temp.File("other.yaml")));
    }

    private async Task<string> DiskAsync()
    {
        string disk = _temp.File("disk.img");
        await File.WriteAllBytesAsync(disk, new byte[1024 * 1024]);
        return disk;
    }

    private static Task<ContainerDiskResult> PushAsync(string disk, ContainerDiskOptions options) =>
        new ContainerDiskPipeline().PushAsync(disk, options, new Progress<BuildProgress>(), CancellationToken.None);

    public void Dispose() => _temp.Dispose();
}
