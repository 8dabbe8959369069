using System.IO.Compression;
using System.IO.Hashing;
using DockerToLinux.Images.Isal;
using DockerToLinux.Images.Zlib;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images;

/// <summary>
/// The two gzip inflaters d2l chooses between (ISA-L when the host has it, else .NET's zlib) held to one
/// standard: the same bytes from one or many members, and the same refusal of a stream cut short anywhere
/// or a trailer whose CRC-32 or size does not match. The ISA-L rows run where libisal2 is installed.
/// </summary>
public sealed class GzipInflatersTests
{
    public static TheoryData<string> Inflaters()
    {
        var data = new TheoryData<string> { "zlib" };
        if (IsalInstallation.WhyNotInstalled is null)
        {
            data.Add("isal");
        }
        return data;
    }

    private static Stream Open(string inflater, byte[] gzip) => inflater == "isal"
        ? new IsalGzipStream(new MemoryStream(gzip), IsalLibrary.Shared ?? throw new InvalidOperationException(IsalLibrary.WhyNot))
        : new ZlibGzipStream(new MemoryStream(gzip));

    // Three members as eStargz writes them (one per file, an empty one last), with their offsets in the stream.
    private static (byte[] Gzip, byte[] Data, int[] MemberEnds) ThreeMembers()
    {
        byte[] first = Sample(400_000, 1), second = Sample(70_000, 2);
        byte[][] members = [Gzip(first), Gzip(second), Gzip([])];
        int[] ends = [members[0].Length, members[0].Length + members[1].Length, members.Sum(m => m.Length)];
        return ([.. members[0], .. members[1], .. members[2]], [.. first, .. second], ends);
    }

    [Theory]
    [MemberData(nameof(Inflaters))]
    public void Members_one_after_another_come_back_exactly_in_reads_of_any_size(string inflater)
    {
        var (gzip, data, _) = ThreeMembers();
        foreach (int readSize in new[] { 1 << 20, 4093, 7 })
        {
            using var stream = Open(inflater, gzip);
            Assert.Equal(data, stream.ReadAllInPieces(readSize));
        }
    }

    [Theory]
    [MemberData(nameof(Inflaters))]
    public async Task Asynchronous_reads_refuse_a_cut_stream_as_synchronous_ones_do(string inflater)
    {
        var (gzip, _, _) = ThreeMembers();
        await using var stream = Open(inflater, gzip[..^20]);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal("the gzip stream ends inside a member", error.Message);
    }

    // Every cut but those at a member's end, or one byte after it (a lone 0x1F is a trailing byte, as for
    // GNU gzip): inside headers, deflate data and trailers of each member.
    [Theory]
    [MemberData(nameof(Inflaters))]
    public void A_stream_cut_anywhere_inside_a_member_is_refused_as_ending_inside_it(string inflater)
    {
        var (gzip, _, ends) = ThreeMembers();
        var cuts = new SortedSet<int>();
        for (int cut = 1; cut < gzip.Length; cut += gzip.Length / 97)
        {
            cuts.Add(cut);
        }
        foreach (int end in ends)
        {
            foreach (int offset in new[] { -9, -8, -5, -1, 2, 3, 10, 11, 25 })
            {
                cuts.Add(Math.Clamp(end + offset, 1, gzip.Length - 1));
            }
        }
        cuts.ExceptWith(ends);
        cuts.ExceptWith(ends.Select(end => end + 1));
        var wrong = new List<string>();
        foreach (int cut in cuts)
        {
            using var stream = Open(inflater, gzip[..cut]);
            try
            {
                stream.ReadAllInPieces(1 << 16);
                wrong.Add($"{cut}: accepted");
            }
            catch (InvalidDataException error) when (error.Message != "the gzip stream ends inside a member")
            {
                wrong.Add($"{cut}: {error.Message}");
            }
            catch (InvalidDataException)
            {
                // Refused as it should be.
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cuts.Count} cuts: {string.Join("; ", wrong.Take(4))}");
    }

    [Theory]
    [MemberData(nameof(Inflaters))]
    public void A_changed_CRC_or_size_in_any_members_trailer_is_refused_naming_the_trailer(string inflater)
    {
        var (gzip, _, ends) = ThreeMembers();
        foreach (int end in ends[..2])
        {
            foreach (int fromEnd in new[] { 8, 5, 4, 1 })
            {
                byte[] damaged = (byte[])gzip.Clone();
                damaged[end - fromEnd] ^= 0x10;
                using var stream = Open(inflater, damaged);
                var error = Assert.Throws<InvalidDataException>(() => stream.ReadAllInPieces(1 << 16));
                Assert.Contains("CRC-32 or size", error.Message);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Inflaters))]
    public void Bytes_after_the_last_member_that_start_no_other_are_ignored_however_many(string inflater)
    {
        var (gzip, data, _) = ThreeMembers();
        var random = new Random(3);
        foreach (int length in new[] { 1, 4, 20, 300_000, 1_500_000 })
        {
            var trailing = new byte[length];
            random.NextBytes(trailing);
            trailing[0] = 0;
            using var stream = Open(inflater, [.. gzip, .. trailing]);
            Assert.Equal(data, stream.ReadAllInPieces(1 << 20));
        }
    }

    [Theory]
    [MemberData(nameof(Inflaters))]
    public void A_last_member_of_many_megabytes_after_small_ones_is_checked_whole(string inflater)
    {
        byte[] small = Sample(1_000, 4), large = Sample(9_000_000, 5);
        byte[] gzip = [.. Gzip(small), .. Gzip(small), .. Gzip(large)];
        using (var stream = Open(inflater, gzip))
        {
            Assert.Equal([.. small, .. small, .. large], stream.ReadAllInPieces(1 << 20));
        }
        using var cut = Open(inflater, gzip[..^1]);
        Assert.Throws<InvalidDataException>(() => cut.ReadAllInPieces(1 << 20));
    }

    // Highly compressible data deflates to runs of zero bytes, which look like the trailer of an empty member.
    [Theory]
    [MemberData(nameof(Inflaters))]
    public void A_stream_cut_right_before_its_trailer_is_refused_even_when_its_deflate_data_holds_eight_zero_bytes(string inflater)
    {
        byte[] gzip = Gzip(new byte[200_000]);
        Assert.True(gzip.AsSpan(0, gzip.Length - 8).IndexOf(new byte[8]) >= 0, "the deflate data holds no eight zero bytes");
        using var stream = Open(inflater, gzip[..^8]);
        var error = Assert.Throws<InvalidDataException>(() => stream.ReadAllInPieces(1 << 20));
        Assert.Equal("the gzip stream ends inside a member", error.Message);
    }

    [Theory]
    [MemberData(nameof(Inflaters))]
    public void An_estargz_footer_an_empty_member_with_an_extra_field_and_a_stored_block_ends_the_stream(string inflater)
    {
        byte[] data = Sample(30_000, 8);
        byte[] footer = [0x1F, 0x8B, 8, 0x04, 0, 0, 0, 0, 0, 255, 26, 0, (byte)'S', (byte)'G', 22, 0,
            .. "00000000000075a5STARGZ"u8, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0];
        using (var stream = Open(inflater, [.. Gzip(data), .. footer]))
        {
            Assert.Equal(data, stream.ReadAllInPieces(1 << 20));
        }
        using var cut = Open(inflater, [.. Gzip(data), .. footer[..^3]]);
        Assert.Throws<InvalidDataException>(() => cut.ReadAllInPieces(1 << 20));
    }

    [Fact]
    public void The_CRC_32_of_a_tail_follows_from_the_CRCs_of_the_whole_and_the_head()
    {
        byte[] data = Sample(100_000, 6);
        foreach (int split in new[] { 0, 1, 7, 4096, 99_999, 100_000 })
        {
            uint tail = Crc32Arithmetic.OfTail(Crc32.HashToUInt32(data), Crc32.HashToUInt32(data.AsSpan(0, split)), data.Length - split);
            Assert.Equal(Crc32.HashToUInt32(data.AsSpan(split)), tail);
        }
    }

    // Text-like runs mixed with random stretches, so deflate writes both Huffman and stored blocks.
    private static byte[] Sample(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        for (int at = 0; at < length; at += 1000)
        {
            var piece = data.AsSpan(at, Math.Min(1000, length - at));
            if (random.Next(3) == 0)
            {
                random.NextBytes(piece);
            }
            else
            {
                piece.Fill((byte)('a' + random.Next(26)));
            }
        }
        return data;
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
