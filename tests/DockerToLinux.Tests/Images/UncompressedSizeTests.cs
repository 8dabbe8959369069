using DockerToLinux.Images;

namespace DockerToLinux.Tests.Images;

public class UncompressedSizeTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void A_gzip_trailer_may_have_wrapped_only_for_a_blob_that_deflate_could_inflate_to_4_GiB()
    {
        // 4 GiB / 1032 (deflate's best ratio) is 4,161,790 bytes.
        Assert.False(Compression.HintMayWrap(CompressionKind.Gzip, 4_161_000));
        Assert.True(Compression.HintMayWrap(CompressionKind.Gzip, 4_162_000));
        Assert.False(Compression.HintMayWrap(CompressionKind.Zstd, 100 * GiB));
        Assert.False(Compression.HintMayWrap(CompressionKind.None, 100 * GiB));
    }

    [Fact]
    public void A_size_that_may_have_wrapped_is_bounded_by_the_largest_multiple_of_4_GiB_above_it_within_the_assumed_expansion()
    {
        var layer = new DeclaredLayer(GiB, GiB + 5) { UncompressedSizeHintWraps = true };

        // Up to 20 GiB: the hint plus 4 × 4 GiB is the largest size whose trailer reads GiB + 5.
        Assert.Equal(GiB + 5 + (16 * GiB), layer.PlausibleMostBytes(20));
    }

    [Fact]
    public void An_exact_size_bounds_the_layer_by_itself_and_a_missing_one_by_the_assumed_expansion()
    {
        Assert.Equal(GiB + 5, new DeclaredLayer(GiB, GiB + 5).PlausibleMostBytes(20));
        Assert.Equal(20 * GiB, new DeclaredLayer(GiB, null).PlausibleMostBytes(20));
        Assert.Equal(3 * GiB, new DeclaredLayer(GiB, 3 * GiB) { UncompressedSizeHintWraps = true }.PlausibleMostBytes(2));
    }

    private sealed class DeclaredLayer(long size, long? hint)
        : ImageLayer(Digest.Sha256Of([]), size, MediaTypes.OciLayerTar, hint)
    {
        public override Task<Stream> OpenTarAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a layer that only declares sizes");
    }
}
