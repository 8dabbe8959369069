using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>
/// A pull learns each layer's uncompressed size from its blob's last bytes, fetched by HTTP range; that size
/// places the layer's blocks. Whatever a registry, or the host it redirects blobs to, does with a range, the
/// build succeeds and gives the disk of a registry that honours ranges.
/// </summary>
public class RangeRefusalTests
{
    private const long Epoch = 1_700_000_000;

    [Theory]
    [InlineData(RangeAnswer.NotSatisfiable, false)]
    [InlineData(RangeAnswer.WholeBlob, false)]
    [InlineData(RangeAnswer.FromTheStart, false)]
    [InlineData(RangeAnswer.FewerBytes, false)]
    [InlineData(RangeAnswer.ShortBody, false)]
    [InlineData(RangeAnswer.Honoured, true)]
    [InlineData(RangeAnswer.NotSatisfiable, true)]
    [InlineData(RangeAnswer.WholeBlob, true)]
    public async Task A_registry_that_answers_ranges_so_builds_the_disk_of_a_registry_that_honours_them(RangeAnswer answer, bool redirected)
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        string manifest = OciLayoutWriter.WriteLayout(layout, RegistryPullTests.SampleLayers());
        using var honouring = new RangeServingRegistry(layout, manifest, RangeAnswer.Honoured, redirectBlobs: false);
        using var tested = new RangeServingRegistry(layout, manifest, answer, redirected);

        string expected = await BuildAsync(honouring.Host, temp.File("honoured.img"));
        string actual = await BuildAsync(tested.Host, temp.File("tested.img"));

        Tool.Run("cmp", expected, actual).EnsureSuccess($"cmp of the disks from a registry that honours ranges and one that answers {answer}");
        // Each blob is downloaded whole once at most: a kept blob is built from its copy.
        var whole = tested.BlobRequests.Where(request => request.Range.Length == 0).GroupBy(request => request.Target);
        Assert.All(whole, downloads => Assert.Single(downloads));
    }

    private static async Task<string> BuildAsync(string registry, string disk)
    {
        await new DiskBuilder().BuildAsync(new BuildOptions
        {
            Source = $"docker://{registry}/test/image:1",
            OutputPath = disk,
            Bootloader = Bootloader.None,
            SourceDateEpoch = Epoch,
        }, null, CancellationToken.None);
        return disk;
    }
}
