using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>
/// The rules of Microsoft's VHDX format specification (MS-VHDX v1.0: file identifier, headers, region table,
/// metadata, BAT) restated, run on the VHDX d2l writes of an image with incompressible data and deleted files,
/// built, and converted at a size that is not a whole number of blocks.
/// </summary>
public sealed class VhdxVendorRuleTests
{
    private const int MiB = 1 << 20;
    private static readonly Guid Bat = new("2DC27766-F623-4200-9D64-115E9BFD4A08"), Metadata = new("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static readonly Guid FileParameters = new("CAA16737-FA36-4D43-B3B6-33F0AA44E76B"), VirtualDiskSize = new("2FA54224-CD1B-4876-B211-5DBED83BF4B8"),
        Page83 = new("BECA12AB-B2E6-4523-93EF-C309E000C746"), LogicalSector = new("8141BF1D-A96F-4709-BA47-F233A8FAAB5F"),
        PhysicalSector = new("CDA348C7-445D-4471-9CC9-E9885251C556");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_identifier_and_both_headers_are_valid_with_a_clean_log(bool odd)
    {
        var file = await FileAsync(odd);
        Assert.Equal("vhdxfile", Encoding.ASCII.GetString(file, 0, 8));
        var sequences = new List<ulong>();
        foreach (int at in new[] { 64 << 10, 128 << 10 })
        {
            var header = file.AsSpan(at, 4096);
            Assert.Equal("head", Encoding.ASCII.GetString(header[..4]));
            Assert.Equal(Crc32C(header, 4), U32(header, 4));
            Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(header[64..]));
            Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(header[66..]));
            Assert.Equal(Guid.Empty, new Guid(header.Slice(48, 16)));
            uint logLength = U32(header, 68);
            long logOffset = I64(header, 72);
            Assert.True(logLength % MiB == 0 && logOffset % MiB == 0 && logOffset >= MiB, $"log of {logLength} at {logOffset}");
            Assert.True(logOffset + logLength <= file.Length);
            Assert.False(file.AsSpan((int)logOffset, (int)logLength).ContainsAnyExcept((byte)0), "the log holds entries");
            sequences.Add(BinaryPrimitives.ReadUInt64LittleEndian(header[8..]));
        }
        Assert.NotEqual(sequences[0], sequences[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Both_region_tables_are_valid_identical_and_name_aligned_required_BAT_and_metadata_regions(bool odd)
    {
        var file = await FileAsync(odd);
        var table = file.AsSpan(192 << 10, 64 << 10);
        Assert.True(table.SequenceEqual(file.AsSpan(256 << 10, 64 << 10)), "the region tables differ");
        Assert.Equal("regi", Encoding.ASCII.GetString(table[..4]));
        Assert.Equal(Crc32C(table, 4), U32(table, 4));
        var regions = Regions(file);
        Assert.Equal(2, regions.Count);
        Assert.True(regions.ContainsKey(Bat) && regions.ContainsKey(Metadata), "the BAT or the metadata region is missing");
        var spans = new List<(long Start, long End)> { (0, MiB) };
        foreach (var (offset, length, required) in regions.Values)
        {
            Assert.True(required);
            Assert.True(offset % MiB == 0 && length % MiB == 0 && length > 0, $"region of {length} at {offset}");
            Assert.True(offset + length <= file.Length);
            spans.Add((offset, offset + length));
        }
        AssertDisjoint(spans);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_metadata_has_every_required_item_in_range(bool odd)
    {
        var file = await FileAsync(odd);
        var items = Items(file);

        Assert.Equal(5, items.Count);
        uint blockSize = U32(items[FileParameters], 0), logical = U32(items[LogicalSector], 0), physical = U32(items[PhysicalSector], 0);
        long size = I64(items[VirtualDiskSize], 0);
        Assert.True(System.Numerics.BitOperations.IsPow2(blockSize) && blockSize >= MiB && blockSize <= 256 * MiB, $"block size {blockSize}");
        Assert.Equal(0u, U32(items[FileParameters], 4));
        Assert.True(logical is 512 or 4096 && physical is 512 or 4096);
        Assert.True(size > 0 && size % logical == 0 && size <= 64L << 40, $"size {size}");
        Assert.Equal(16, items[Page83].Length);
        Assert.Equal(odd, size % blockSize != 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_BAT_covers_the_disk_and_its_present_blocks_are_aligned_inside_the_file_and_apart(bool odd)
    {
        var file = await FileAsync(odd);
        var items = Items(file);
        var (batOffset, batLength, _) = Regions(file)[Bat];
        long blockSize = U32(items[FileParameters], 0), size = I64(items[VirtualDiskSize], 0);
        long ratio = (1L << 23) * U32(items[LogicalSector], 0) / blockSize;
        long payload = (size + blockSize - 1) / blockSize, entries = payload + (payload - 1) / ratio;
        Assert.True(entries * 8 <= batLength);
        var spans = new List<(long Start, long End)> { (0, 4 * MiB) };
        for (long i = 0; i < entries; i++)
        {
            ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)(batOffset + i * 8)));
            Assert.Equal(0UL, entry & 0xFFFF8);
            bool bitmap = (i + 1) % (ratio + 1) == 0;
            ulong state = entry & 7;
            Assert.True(bitmap ? state == 0 : state is 0 or 2 or 6, $"BAT entry {i} has state {state}");
            if (state == 6)
            {
                long at = (long)(entry >> 20) * MiB;
                Assert.True(at + blockSize <= file.Length, $"block {i} at {at} runs past the end");
                spans.Add((at, at + blockSize));
            }
        }
        Assert.True(spans.Count > 1);
        AssertDisjoint(spans);
    }

    private static void AssertDisjoint(List<(long Start, long End)> spans)
    {
        spans.Sort();
        for (int i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start >= spans[i - 1].End, $"{spans[i - 1]} and {spans[i]} overlap");
        }
    }

    private static Dictionary<Guid, (long Offset, uint Length, bool Required)> Regions(byte[] file)
    {
        var table = file.AsSpan(192 << 10, 64 << 10);
        var regions = new Dictionary<Guid, (long, uint, bool)>();
        for (int i = 0; i < U32(table, 8); i++)
        {
            var entry = table[(16 + i * 32)..];
            regions.Add(new Guid(entry[..16]), (I64(entry, 16), U32(entry, 24), (U32(entry, 28) & 1) != 0));
        }
        return regions;
    }

    // Items by GUID; each must lie at 64 KiB or beyond inside the region, apart from the others, and be known if required.
    private static Dictionary<Guid, byte[]> Items(byte[] file)
    {
        var (offset, length, _) = Regions(file)[Metadata];
        var region = file.AsSpan((int)offset, (int)length);
        Assert.Equal("metadata", Encoding.ASCII.GetString(region[..8]));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(region[10..]);
        Assert.InRange(count, 1, 2047);
        var items = new Dictionary<Guid, byte[]>();
        var spans = new List<(long Start, long End)> { (0, 64 << 10) };
        for (int i = 0; i < count; i++)
        {
            var entry = region[(32 + i * 32)..];
            var id = new Guid(entry[..16]);
            uint at = U32(entry, 16), size = U32(entry, 20), flags = U32(entry, 24);
            Assert.True(at >= 64 << 10 && at + size <= length, $"item {id} at {at}");
            Assert.True((flags & 4) != 0, $"item {id} is not marked required");
            Assert.Equal(id != FileParameters, (flags & 2) != 0);
            spans.Add((at, at + size));
            items.Add(id, region.Slice((int)at, (int)size).ToArray());
        }
        AssertDisjoint(spans);
        return items;
    }

    private static uint Crc32C(ReadOnlySpan<byte> structure, int at)
    {
        // CRC-32C reflected (0x82F63B78), initial and final inversion, with the checksum field as zeros.
        var copy = structure.ToArray();
        copy.AsSpan(at, 4).Clear();
        uint crc = uint.MaxValue;
        foreach (byte value in copy)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }
        return ~crc;
    }

    private static async Task<byte[]> FileAsync(bool odd) => File.ReadAllBytes(await VendorTestDisks.PathAsync(FormatCase.All["vhdx"], odd));

    private static uint U32(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);

    private static long I64(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
}
