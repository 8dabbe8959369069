using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>
/// The same image gives the same disk whatever its source: the Debian template pushed to a local registry with
/// skopeo and built from there, its layers read in parallel or one by one, is byte for byte the disk of its
/// oci-archive under SOURCE_DATE_EPOCH.
/// </summary>
public sealed class RegistryIdentityTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_debian_template_pulled_from_a_registry_in_parallel_or_layer_by_layer_is_byte_for_byte_the_disk_of_its_oci_archive()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        using var registry = LocalRegistry.Start();
        registry.Push($"oci-archive:{archive}", "debian:1");
        var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" };

        D2lProcess.RunAsNobody(_temp, ["build", $"oci-archive:{archive}", "-o", _temp.File("archive.img")], environment)
            .EnsureSuccess("d2l build from the oci-archive");
        D2lProcess.RunAsNobody(_temp, ["build", $"docker://{registry.Host}/debian:1", "-o", _temp.File("parallel.img")], environment)
            .EnsureSuccess("d2l build from the registry");
        D2lProcess.RunAsNobody(_temp, ["build", $"docker://{registry.Host}/debian:1", "--jobs", "1", "-o", _temp.File("serial.img")], environment)
            .EnsureSuccess("d2l build from the registry, one layer at a time");

        Tool.Run("cmp", _temp.File("archive.img"), _temp.File("parallel.img")).EnsureSuccess("registry build against the archive build");
        Tool.Run("cmp", _temp.File("archive.img"), _temp.File("serial.img")).EnsureSuccess("one-by-one registry build against the archive build");
    }

    public void Dispose() => _temp.Dispose();
}
