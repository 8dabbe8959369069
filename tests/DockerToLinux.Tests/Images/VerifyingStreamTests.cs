using DockerToLinux.Images;

namespace DockerToLinux.Tests.Images;

/// <summary>The digest check of a blob as it streams, judged by SHA-256 computed in one call.</summary>
public sealed class VerifyingStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1 << 20)]
    [InlineData((5 << 20) + 123)]
    public void Bytes_read_in_pieces_of_any_size_verify_against_what_SHA256_gives(int length)
    {
        var random = new Random(length);
        byte[] data = new byte[length];
        random.NextBytes(data);
        using var stream = new VerifyingStream(new MemoryStream(data), Digest.Sha256Of(data), length, "image", "layer");
        for (int at = 0; at < length;)
        {
            at += stream.Read(new byte[random.Next(1, 300_000)]);
        }
        Assert.Equal(0, stream.Read(new byte[1]));
        Assert.True(stream.Verified);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stream_of_several_megabytes_with_one_changed_byte_fails_its_digest_at_its_end(bool readAhead)
    {
        byte[] data = new byte[(3 << 20) + 17];
        new Random(7).NextBytes(data);
        var digest = Digest.Sha256Of(data);
        data[2 << 20] ^= 1;
        // With read-ahead (as layers are read), the check runs on the read-ahead's thread.
        var verifying = new VerifyingStream(new MemoryStream(data), digest, data.Length, "image", "layer");
        using Stream stream = readAhead ? new ReadAheadStream(verifying) : verifying;
        var buffer = new byte[64 << 10];
        long read = 0;
        var error = Assert.Throws<D2lException>(() =>
        {
            int got;
            while ((got = stream.Read(buffer)) > 0)
            {
                read += got;
            }
        });
        Assert.Equal(data.Length, read);
        Assert.Contains("layer digest mismatch", error.Message);
    }

    [Fact]
    public void A_stream_of_several_megabytes_that_matches_is_verified()
    {
        byte[] data = new byte[(3 << 20) + 17];
        new Random(8).NextBytes(data);
        using var stream = new VerifyingStream(new MemoryStream(data), Digest.Sha256Of(data), data.Length, "image", "layer");
        stream.CopyTo(Stream.Null);
        Assert.True(stream.Verified);
    }
}
