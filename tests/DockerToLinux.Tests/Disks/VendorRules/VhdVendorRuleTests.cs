using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>
/// The checks VirtualBox makes when it opens a VHD (src/VBox/Storage/VHD.cpp, <c>vhdOpenImage</c> and
/// <c>vhdLoadDynamicDisk</c>) and the rules of Microsoft's Virtual Hard Disk Image Format Specification,
/// restated, run on both VHD variants d2l writes of an image with incompressible data, deleted files and a
/// size that is not a whole number of 2 MiB blocks.
/// </summary>
public sealed class VhdVendorRuleTests
{
    // VirtualBox's VHD_MAX_SECTORS bound on table entries, from the 2040 GiB the specification allows.
    private const long MaxSize = 2040L << 30;

    [Theory]
    [InlineData("vhd", false)]
    [InlineData("vhd", true)]
    [InlineData("vhd-fixed", false)]
    [InlineData("vhd-fixed", true)]
    public async Task The_footer_at_the_end_has_the_cookie_a_known_disk_type_and_a_valid_checksum(string name, bool odd)
    {
        var file = await FileAsync(name, odd);
        var footer = file.AsSpan(file.Length - 512, 512);

        Assert.Equal("conectix", Encoding.ASCII.GetString(footer[..8]));
        Assert.Equal(name == "vhd" ? 3u : 2u, Be32(footer, 60));
        Assert.Equal(Checksum(footer, 64), Be32(footer, 64));
        Assert.True((Be32(footer, 8) & 2) != 0, "the features field lacks the reserved bit 1 the specification requires");
        Assert.Equal(0x00010000u, Be32(footer, 12));
        Assert.Equal(name == "vhd" ? 512UL : ulong.MaxValue, Be64(footer, 16));
        Assert.False(footer[85..].ContainsAnyExcept((byte)0), "reserved footer bytes are not zero");
    }

    [Theory]
    [InlineData("vhd", false)]
    [InlineData("vhd", true)]
    [InlineData("vhd-fixed", false)]
    [InlineData("vhd-fixed", true)]
    public async Task The_size_is_whole_sectors_within_2040_GiB_and_the_geometry_is_the_specifications_own(string name, bool odd)
    {
        var file = await FileAsync(name, odd);
        var footer = file.AsSpan(file.Length - 512, 512);
        ulong original = Be64(footer, 40), current = Be64(footer, 48);

        Assert.Equal(original, current);
        Assert.Equal(0UL, current % 512);
        Assert.True(current <= MaxSize);
        var (cylinders, heads, sectors) = Geometry(current / 512);
        Assert.Equal(cylinders, BinaryPrimitives.ReadUInt16BigEndian(footer[56..]));
        Assert.Equal(heads, footer[58]);
        Assert.Equal(sectors, footer[59]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fixed_disk_is_the_whole_MiB_data_then_the_footer(bool odd)
    {
        var file = await FileAsync("vhd-fixed", odd);
        ulong size = Be64(file.AsSpan(file.Length - 512), 48);
        Assert.Equal((long)size + 512, file.Length);
        Assert.Equal(0UL, size % (1 << 20));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_dynamic_header_passes_vhdLoadDynamicDisk_and_matches_the_specification(bool odd)
    {
        var file = await FileAsync("vhd", odd);
        var footer = file.AsSpan(file.Length - 512, 512);
        Assert.True(footer.SequenceEqual(file.AsSpan(0, 512)), "the footer copy at the start differs from the footer");
        var header = file.AsSpan((int)Be64(footer, 16), 1024);
        ulong size = Be64(footer, 48);
        uint entries = Be32(header, 28), blockSize = Be32(header, 32);

        Assert.Equal("cxsparse", Encoding.ASCII.GetString(header[..8]));
        Assert.Equal(ulong.MaxValue, Be64(header, 8));
        Assert.Equal(0x00010000u, Be32(header, 24));
        Assert.Equal(Checksum(header, 36), Be32(header, 36));
        Assert.Equal(0u, blockSize % 512);
        Assert.True(System.Numerics.BitOperations.IsPow2(blockSize));
        Assert.True(entries <= MaxSize / 512 - 2, $"{entries} table entries");
        Assert.True((ulong)entries * blockSize >= size, $"{entries} entries of {blockSize} bytes do not cover {size} bytes");
        Assert.Equal(0UL, Be64(header, 16) % 512);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_block_lies_between_the_table_and_the_footer_without_overlap_and_marks_all_its_sectors_present(bool odd)
    {
        var file = await FileAsync("vhd", odd);
        var footer = file.AsSpan(file.Length - 512, 512);
        var header = file.AsSpan((int)Be64(footer, 16), 1024);
        long table = (long)Be64(header, 16);
        uint entries = Be32(header, 28), blockSize = Be32(header, 32);
        int bitmap = (int)((blockSize / 512 / 8 + 511) / 512 * 512);
        long tableEnd = table + (entries * 4L + 511) / 512 * 512;
        var starts = new List<long>();
        for (int i = 0; i < entries; i++)
        {
            uint sector = Be32(file, (int)(table + i * 4));
            if (sector == 0xFFFFFFFF)
            {
                continue;
            }
            long start = sector * 512L;
            Assert.True(start >= tableEnd && start + bitmap + blockSize <= file.Length - 512, $"block {i} at {start} is outside the data area");
            Assert.False(file.AsSpan((int)start, bitmap).ContainsAnyExcept((byte)0xFF), $"block {i}'s sector bitmap leaves sectors out");
            starts.Add(start);
        }
        starts.Sort();
        for (int i = 1; i < starts.Count; i++)
        {
            Assert.True(starts[i] >= starts[i - 1] + bitmap + blockSize, $"blocks at {starts[i - 1]} and {starts[i]} overlap");
        }
        Assert.NotEmpty(starts);
    }

    // The specification's CHS algorithm (appendix "CHS Calculation").
    private static (ushort Cylinders, byte Heads, byte Sectors) Geometry(ulong totalSectors)
    {
        totalSectors = Math.Min(totalSectors, 65535UL * 16 * 255);
        ulong sectorsPerTrack, heads, cylinderTimesHeads;
        if (totalSectors >= 65535UL * 16 * 63)
        {
            sectorsPerTrack = 255;
            heads = 16;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
        }
        else
        {
            sectorsPerTrack = 17;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
            heads = Math.Max(4, (cylinderTimesHeads + 1023) / 1024);
            if (cylinderTimesHeads >= heads * 1024 || heads > 16)
            {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024)
            {
                sectorsPerTrack = 63;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
        }
        return ((ushort)(cylinderTimesHeads / heads), (byte)heads, (byte)sectorsPerTrack);
    }

    // One's complement of the byte sum, with the checksum field counted as zero.
    private static uint Checksum(ReadOnlySpan<byte> structure, int checksumAt)
    {
        uint sum = 0;
        for (int i = 0; i < structure.Length; i++)
        {
            sum += i >= checksumAt && i < checksumAt + 4 ? 0u : structure[i];
        }
        return ~sum;
    }

    private static async Task<byte[]> FileAsync(string name, bool odd) => File.ReadAllBytes(await VendorTestDisks.PathAsync(FormatCase.All[name], odd));

    private static uint Be32(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt32BigEndian(span[at..]);

    private static ulong Be64(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt64BigEndian(span[at..]);
}
