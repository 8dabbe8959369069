using System.Security.Cryptography;
using DockerToLinux.Images;

namespace DockerToLinux.Tests.Images;

/// <summary>The digest check that runs on its own thread, judged by SHA-256 computed in one call.</summary>
public sealed class BackgroundHashTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1 << 20)]
    [InlineData((5 << 20) + 123)]
    public void Bytes_handed_over_in_pieces_of_any_size_hash_to_what_SHA256_gives(int length)
    {
        var random = new Random(length);
        byte[] data = new byte[length];
        random.NextBytes(data);
        using var hash = new BackgroundHash(HashAlgorithmName.SHA256);
        for (int at = 0; at < length;)
        {
            int piece = Math.Min(length - at, random.Next(1, 300_000));
            hash.Append(data.AsSpan(at, piece));
            at += piece;
        }
        Assert.Equal(SHA256.HashData(data), hash.Finish());
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
        // With read-ahead (as layers are read), the check runs on the reading thread and hashes in place.
        var verifying = new VerifyingStream(new MemoryStream(data), digest, data.Length, "image", "layer", hashWhileReading: readAhead);
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
