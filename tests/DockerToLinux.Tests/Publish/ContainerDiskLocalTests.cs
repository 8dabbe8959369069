using DockerToLinux.Images;
using DockerToLinux.Publish;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Publish;

/// <summary>containerDisk images written locally (oci-archive: and oci:), read back by skopeo.</summary>
public sealed class ContainerDiskLocalTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task An_oci_archive_written_twice_from_the_same_disk_and_time_is_byte_identical_and_skopeo_reads_its_platform_and_layer()
    {
        string disk = _temp.File("disk.img");
        var content = new byte[2 * 1024 * 1024];
        new Random(3).NextBytes(content);
        await File.WriteAllBytesAsync(disk, content);

        var first = await PublishAsync(disk, $"oci-archive:{_temp.File("a.tar")}:v1");
        var second = await PublishAsync(disk, $"oci-archive:{_temp.File("b.tar")}:v1");

        Assert.Equal(await File.ReadAllBytesAsync(_temp.File("a.tar")), await File.ReadAllBytesAsync(_temp.File("b.tar")));
        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
        string inspected = Tool.Run("skopeo", "inspect", $"oci-archive:{_temp.File("a.tar")}:v1").EnsureSuccess("skopeo inspect").StdOut;
        Assert.Contains("\"Architecture\": \"arm64\"", inspected);
        Assert.Contains($"\"{first.Layer.Digest}\"", inspected);
    }

    [Fact]
    public async Task An_oci_layout_folder_holds_the_layer_config_and_manifest_under_their_digests_and_skopeo_copies_it()
    {
        string disk = _temp.File("disk.img");
        await File.WriteAllBytesAsync(disk, new byte[1024 * 1024]);

        var outcome = await PublishAsync(disk, $"oci:{_temp.File("layout")}");

        foreach (var digest in new[] { outcome.Layer.Digest, outcome.Image.ConfigDigest, outcome.Image.ManifestDigest })
        {
            Assert.Equal(digest, Digest.Sha256Of(await File.ReadAllBytesAsync(_temp.File($"layout/blobs/sha256/{digest.Hex}"))));
        }
        Tool.Run("skopeo", "--insecure-policy", "copy", "-q", $"oci:{_temp.File("layout")}:latest", $"oci:{_temp.File("copy")}:x").EnsureSuccess("skopeo copy");
        Assert.True(File.Exists(_temp.File($"copy/blobs/sha256/{outcome.Layer.Digest.Hex}")));
    }

    private Task<PublishOutcome> PublishAsync(string disk, string destination) =>
        ContainerDiskPublisher.PublishAsync(new ContainerDiskRequest(disk, Raw: true, LayerCompression.Gzip, ContainerDiskDestination.Parse(destination),
            new Platform("linux", "arm64"), "sha256:" + new string('a', 64), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), new ImageSourceOptions(),
            Force: false, _temp.File("pushed-blobs")), null, CancellationToken.None);

    public void Dispose() => _temp.Dispose();
}
