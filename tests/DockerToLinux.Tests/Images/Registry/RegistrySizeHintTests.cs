using DockerToLinux.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

public class RegistrySizeHintTests
{
    [Fact]
    public async Task Layers_pulled_from_a_registry_carry_the_uncompressed_sizes_that_their_oci_archive_gives()
    {
        using var temp = new TempDir();
        var (layout, archive) = RegistryPullTests.WriteSample(temp);
        using var registry = LocalRegistry.Start();
        registry.Push(layout, "test/image:1");

        var (_, local) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
        var (_, pulled) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/image:1");

        var tars = RegistryPullTests.SampleLayers().Select(layer => (long?)layer.Tar.Length).ToList();
        Assert.Equal(tars, local.Layers.Select(layer => layer.UncompressedSizeHint).ToList());
        Assert.Equal(tars, pulled.Layers.Select(layer => layer.UncompressedSizeHint).ToList());
    }

    [Fact]
    public async Task A_registry_that_ignores_ranges_still_gives_the_images_files_and_the_uncompressed_sizes_of_its_archive()
    {
        using var temp = new TempDir();
        var (layout, archive) = RegistryPullTests.WriteSample(temp);
        using var registry = LocalRegistry.Start();
        registry.Push(layout, "test/image:1");
        using var proxy = new FaultyProxy(registry.Port) { RefuseRanges = true };

        var (expected, local) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
        var (pulled, image) = await ImageSnapshots.OfAsync($"docker://{proxy.Host}/test/image:1");

        ImageSnapshots.AssertSame(expected, pulled, "pull without ranges");
        // skopeo pushes every layer gzip-compressed, and a gzip layer's size is in its trailer: the pull keeps
        // each blob it could not reach the end of by range, and reads the trailer from the copy.
        Assert.Equal(local.Layers.Select(layer => layer.UncompressedSizeHint), image.Layers.Select(layer => layer.UncompressedSizeHint));
        Assert.All(image.Layers, layer => Assert.NotNull(layer.UncompressedSizeHint));
    }
}
