using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using DockerToLinux.Images;
using DockerToLinux.Images.Isal;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images;

/// <summary>
/// ISA-L's inflate as d2l drives it, judged by GNU gzip (which compressed the data) and by the original
/// bytes; corrupt and truncated streams must fail rather than yield short data.
/// </summary>
public sealed class IsalGzipStreamTests
{
    private static IsalLibrary Isal => IsalLibrary.Shared ?? throw new InvalidOperationException(IsalLibrary.WhyNot);

    [IsalFact]
    public void On_a_host_with_libisal_installed_d2l_loads_it_and_its_self_test_passes()
    {
        Assert.True(IsalLibrary.Shared is not null, $"libisal is installed but d2l does not use it: {IsalLibrary.WhyNot}");
    }

    [IsalTheory]
    [InlineData(1)]
    [InlineData(4093)]
    [InlineData(64 << 10)]
    [InlineData(1 << 20)]
    public void What_GNU_gzip_compressed_comes_back_exactly_in_reads_of_any_size(int readSize)
    {
        byte[] data = Sample(3_000_000, seed: readSize);
        using var folder = new TempDir();
        string path = folder.File("data");
        File.WriteAllBytes(path, data);
        Tool.Run("gzip", "-9", "-n", path).EnsureSuccess("gzip");

        using var stream = new IsalGzipStream(File.OpenRead(path + ".gz"), Isal);
        Assert.Equal(data, stream.ReadAllInPieces(readSize));
    }

    [IsalFact]
    public async Task Asynchronous_reads_give_the_same_bytes()
    {
        byte[] data = Sample(2_000_000, seed: 5);
        using var stream = new IsalGzipStream(new MemoryStream(Gzip(data)), Isal);
        var output = new MemoryStream();
        await stream.CopyToAsync(output, 100_000);
        Assert.Equal(data, output.ToArray());
    }

    [IsalFact]
    public void Concatenated_members_are_read_one_after_another()
    {
        byte[] first = Sample(300_000, seed: 1), second = Sample(5, seed: 2), third = Sample(700_000, seed: 3);
        using var stream = new IsalGzipStream(new MemoryStream([.. Gzip(first), .. Gzip(second), .. Gzip(third)]), Isal);
        Assert.Equal([.. first, .. second, .. third], stream.ReadAllInPieces(1 << 20));
    }

    [IsalTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Members_read_in_place_from_a_read_ahead_come_out_exactly_even_when_one_ends_at_a_chunk_edge(int shortOfEdge)
    {
        // Stored (level 0) members have a predictable size: find a first member that ends shortOfEdge bytes
        // before the read-ahead's first chunk does, so the next member's magic straddles or starts the next chunk.
        var random = new Random(shortOfEdge);
        int target = ReadAheadStream.ChunkBytes - shortOfEdge;
        byte[] first = [];
        byte[] firstGzip = [];
        for (int n = target - 1000, attempt = 0; firstGzip.Length != target; attempt++)
        {
            Assert.True(attempt < 20, "no member size lands on the chunk edge");
            first = new byte[n];
            random.NextBytes(first);
            firstGzip = Gzip(first, CompressionLevel.NoCompression);
            n += target - firstGzip.Length;
        }
        byte[] second = Sample(3_000_000, seed: 12);

        using var stream = new IsalGzipStream(new ReadAheadStream(new MemoryStream([.. firstGzip, .. Gzip(second)])), Isal);
        Assert.Equal([.. first, .. second], stream.ReadAllInPieces(1 << 20));
    }

    [IsalFact]
    public void Optional_header_fields_are_skipped_and_the_header_checksum_is_accepted()
    {
        byte[] data = Sample(100_000, seed: 4);
        byte[] plain = Gzip(data);
        var header = new List<byte>(plain[..10]) { [3] = 0x1E }; // FEXTRA | FNAME | FCOMMENT | FHCRC
        header.AddRange([5, 0, 1, 2, 3, 4, 5]);
        header.AddRange(Encoding.ASCII.GetBytes("layer.tar\0a comment\0"));
        uint crc = Crc32.HashToUInt32(header.ToArray());
        header.AddRange([(byte)crc, (byte)(crc >> 8)]);

        using var stream = new IsalGzipStream(new MemoryStream([.. header, .. plain[10..]]), Isal);
        Assert.Equal(data, stream.ReadAllInPieces(1 << 20));
    }

    [IsalTheory]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x1F })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 })]
    public void Bytes_after_the_last_member_that_start_no_other_are_ignored_as_gzip_does(byte[] trailing)
    {
        byte[] data = Sample(50_000, seed: 6);
        using var stream = new IsalGzipStream(new MemoryStream([.. Gzip(data), .. trailing]), Isal);
        Assert.Equal(data, stream.ReadAllInPieces(1 << 20));
    }

    [IsalTheory]
    [InlineData(8, "CRC-32 or size")]  // CRC-32
    [InlineData(4, "CRC-32 or size")]  // ISIZE
    [InlineData(2000, "")]              // inside the deflate data: some decoding error
    public void A_changed_byte_fails_the_read(int fromEnd, string message)
    {
        byte[] gzip = Gzip(Sample(200_000, seed: 7));
        gzip[^fromEnd] ^= 0x40;
        using var stream = new IsalGzipStream(new MemoryStream(gzip), Isal);
        var error = Assert.Throws<InvalidDataException>(() => stream.ReadAllInPieces(1 << 20));
        Assert.Contains(message, error.Message);
    }

    [IsalTheory]
    [InlineData(3)]       // inside the trailer
    [InlineData(9)]       // the whole trailer
    [InlineData(50_000)]  // inside the deflate data
    public void A_stream_cut_short_fails_instead_of_ending_early(int cut)
    {
        byte[] gzip = Gzip(Sample(400_000, seed: 8));
        using var stream = new IsalGzipStream(new MemoryStream(gzip[..^cut]), Isal);
        Assert.Throws<InvalidDataException>(() => stream.ReadAllInPieces(64 << 10));
    }

    [IsalFact]
    public void A_second_member_with_a_broken_header_fails()
    {
        byte[] data = Sample(10_000, seed: 9);
        using var stream = new IsalGzipStream(new MemoryStream([.. Gzip(data), 0x1F, 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]), Isal);
        var error = Assert.Throws<InvalidDataException>(() => stream.ReadAllInPieces(1 << 20));
        Assert.Contains("compression method", error.Message);
    }

    // Text-like runs (long matches) mixed with random stretches (literals and stored blocks).
    private static byte[] Sample(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        for (int at = 0; at < length;)
        {
            int run = Math.Min(length - at, random.Next(1, 40_000));
            if (random.Next(3) == 0)
            {
                random.NextBytes(data.AsSpan(at, run));
            }
            else
            {
                byte[] word = Encoding.ASCII.GetBytes($"/usr/share/doc/package-{random.Next(50)}/copyright ");
                for (int i = 0; i < run; i++)
                {
                    data[at + i] = word[i % word.Length];
                }
            }
            at += run;
        }
        return data;
    }

    private static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

}

/// <summary>
/// Whether this host has ISA-L installed, judged apart from d2l: by dpkg where there is one (the package
/// libisal2), else by the library's usual paths. Installed means d2l must load it; a test that needs ISA-L
/// fails when d2l cannot, and is skipped, with this reason, only where ISA-L is not installed at all.
/// </summary>
public static class IsalInstallation
{
    private static readonly string[] LibraryPaths = ["/usr/lib/x86_64-linux-gnu/libisal.so.2", "/usr/lib64/libisal.so.2", "/usr/lib/libisal.so.2"];

    /// <summary>Why ISA-L tests cannot run here, or null when ISA-L is installed.</summary>
    public static string? WhyNotInstalled { get; } = Probe();

    private static string? Probe()
    {
        if (File.Exists("/usr/bin/dpkg-query"))
        {
            var status = Tool.Run("dpkg-query", "-W", "-f=${Status}", "libisal2");
            return status.ExitCode == 0 && status.StdOut.Trim() == "install ok installed"
                ? null
                : "the package libisal2 is not installed (apt-get install libisal2)";
        }
        return LibraryPaths.Any(File.Exists) ? null : $"libisal.so.2 is in none of {string.Join(", ", LibraryPaths)}";
    }
}

/// <summary>A fact that needs ISA-L installed on the host (.ci/packages installs libisal2).</summary>
public sealed class IsalFactAttribute : FactAttribute
{
    /// <summary>Skips the test, with the reason, where ISA-L is not installed; where it is, the test runs.</summary>
    public IsalFactAttribute() => Skip = IsalInstallation.WhyNotInstalled;
}

/// <summary>A theory that needs ISA-L installed on the host.</summary>
public sealed class IsalTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the test, with the reason, where ISA-L is not installed; where it is, the test runs.</summary>
    public IsalTheoryAttribute() => Skip = IsalInstallation.WhyNotInstalled;
}
