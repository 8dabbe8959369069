using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>
/// The checks VirtualBox makes when it opens and reads a sparse VMDK (src/VBox/Storage/VMDK.cpp) and the limits
/// of VMware's Virtual Disk Format specification (1.1 and 5.0), restated, run on both VMDK variants d2l writes
/// of an image with incompressible data, deleted files and a size that is not a whole number of grains.
/// </summary>
public sealed class VmdkVendorRuleTests
{
    private const ulong GrainDirectoryAtEnd = ulong.MaxValue;
    // VMDK.cpp: VMDK_GT_CACHELINE_SIZE, the grain table cache line a table must be a power-of-two multiple of.
    private const uint CacheLine = 128;

    [Theory]
    [InlineData("vmdk", false)]
    [InlineData("vmdk", true)]
    [InlineData("vmdk-stream", false)]
    [InlineData("vmdk-stream", true)]
    public async Task The_header_and_for_streamOptimized_the_footer_pass_vmdkValidateHeader_and_vmdkReadBinaryMetaExtent(string name, bool odd)
    {
        var file = await FileAsync(name, odd);
        var header = Header(file);

        Assert.Equal(0x564D444Bu, U32(header, 0));
        Assert.Equal(name == "vmdk" ? 1u : 3u, U32(header, 4));
        Assert.True((U32(header, 8) & 1) != 0 && header[73] == '\n' && header[74] == ' ' && header[75] == '\r' && header[76] == '\n');
        Assert.True(U64(header, 28) == 0 || U64(header, 36) != 0, "an embedded descriptor without sectors");
        Assert.NotEqual(GrainDirectoryAtEnd, U64(header, 56));
        Assert.True((U32(header, 8) & 2) == 0 || U64(header, 48) != GrainDirectoryAtEnd);
        ulong sectorsPerTable = U32(header, 44) * U64(header, 20);
        Assert.True(sectorsPerTable is > 0 and <= uint.MaxValue);
        Assert.Equal(0, header[72]);
        if (name == "vmdk-stream")
        {
            Assert.Equal(0x30000u, U32(file, 8) & 0x30000);
            Assert.Equal(GrainDirectoryAtEnd, U64(file, 56));
            Assert.Equal((ushort)1, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(77)));
        }
    }

    [Theory]
    [InlineData("vmdk", false)]
    [InlineData("vmdk", true)]
    [InlineData("vmdk-stream", false)]
    [InlineData("vmdk-stream", true)]
    public async Task Grain_and_table_sizes_are_within_vmdkReadMetaExtent_and_the_VMware_specification(string name, bool odd)
    {
        var header = Header(await FileAsync(name, odd));
        ulong grain = U64(header, 20);
        uint perTable = U32(header, 44);

        Assert.True(System.Numerics.BitOperations.IsPow2(grain) && grain >= 8, $"grain of {grain} sectors");
        Assert.True(System.Numerics.BitOperations.IsPow2(perTable) && perTable >= CacheLine, $"{perTable} entries per table");
        // VMware: "the number of entries in a grain table ... is 512"; "grainSize ... must be a power of 2 and greater than 8".
        Assert.Equal(512u, perTable);
        Assert.True(grain > 8);
        Assert.Equal(0UL, U64(header, 64) % grain);
    }

    [Theory]
    [InlineData("vmdk", "monolithicSparse", false)]
    [InlineData("vmdk", "monolithicSparse", true)]
    [InlineData("vmdk-stream", "streamOptimized", false)]
    [InlineData("vmdk-stream", "streamOptimized", true)]
    public async Task The_descriptor_passes_vmdkPreprocessDescriptor_and_vmdkParseDescriptor_with_one_sparse_extent_of_the_full_capacity(string name, string createType, bool odd)
    {
        var file = await FileAsync(name, odd);
        var header = Header(file);
        string text = Encoding.ASCII.GetString(file, (int)U64(header, 28) * 512, (int)U64(header, 36) * 512).TrimEnd('\0');
        Assert.DoesNotContain('\0', text);
        Assert.DoesNotMatch("\r(?!\n)", text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        Assert.Equal("# Disk DescriptorFile", lines[0]);
        // Header keys, then extents, then ddb.* entries: any other order is "incorrect ordering of entries".
        var kinds = lines.Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.StartsWith("RW ", StringComparison.Ordinal) || l.StartsWith("RDONLY", StringComparison.Ordinal) || l.StartsWith("NOACCESS", StringComparison.Ordinal) ? 1
                : l.StartsWith("ddb.", StringComparison.Ordinal) ? 2 : 0).ToList();
        Assert.Equal(kinds.Order(), kinds);
        Assert.Contains("version=1", lines);
        Assert.Contains($"createType=\"{createType}\"", lines);
        var extent = Assert.Single(lines, l => kinds.Count > 0 && l.StartsWith("RW ", StringComparison.Ordinal));
        Assert.Equal($"RW {U64(header, 12)} SPARSE \"{name}.vmdk\"", extent);
        Assert.Contains(lines, l => l.StartsWith("ddb.adapterType = \"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_grain_directories_agree_as_vmdkReadGrainDirectory_requires_and_every_grain_is_inside_the_file_after_the_overhead(bool odd)
    {
        var file = await FileAsync("vmdk", odd);
        var header = Header(file);
        long capacity = (long)U64(header, 12), grain = (long)U64(header, 20), overhead = (long)U64(header, 64);
        uint perTable = U32(header, 44);
        long tables = ((capacity + grain - 1) / grain + perTable - 1) / perTable;
        long directory = (long)U64(header, 56) * 512, redundant = (long)U64(header, 48) * 512;
        var grains = new HashSet<long>();
        for (int t = 0; t < tables; t++)
        {
            uint table = U32(file, (int)(directory + t * 4)), copy = U32(file, (int)(redundant + t * 4));
            Assert.True(table == 0 == (copy == 0) && (table == 0 || table != copy), $"directory entry {t}: {table} and {copy}");
            if (table == 0)
            {
                continue;
            }
            Assert.True(file.AsSpan((int)(table * 512L), (int)perTable * 4).SequenceEqual(file.AsSpan((int)(copy * 512L), (int)perTable * 4)),
                $"grain table {t} differs from its redundant copy");
            for (int g = 0; g < perTable; g++)
            {
                long at = U32(file, table * 512 + g * 4);
                if (at != 0)
                {
                    Assert.True(at >= overhead && (at + grain) * 512 <= file.Length, $"grain {t * perTable + g} at sector {at}");
                    Assert.True(grains.Add(at), $"sector {at} holds two grains");
                }
            }
        }
        Assert.NotEmpty(grains);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_streamOptimized_grain_fits_vmdkAllocStreamBuffers_passes_vmdkFileInflateSync_and_sits_where_its_table_says(bool odd)
    {
        var file = await FileAsync("vmdk-stream", odd);
        var footer = Header(file);
        int grainBytes = (int)U64(footer, 20) * 512;
        uint perTable = U32(footer, 44);
        long directory = (long)U64(footer, 56) * 512;
        var grains = StreamOptimizedGrains.Read(file);
        int buffer = (int)StreamOptimizedGrains.Align(grainBytes + 8 + 16);

        Assert.NotEmpty(grains);
        foreach (var grain in grains)
        {
            Assert.True(grain.Size > 0 && grain.Size < 2 * grainBytes, $"grain at {grain.Offset}: {grain.Size} bytes");
            Assert.True(StreamOptimizedGrains.Align(StreamOptimizedGrains.MarkerBytes + grain.Size) <= buffer, $"grain at {grain.Offset}: {grain.Size} bytes");
            Assert.Equal(0x78, file[grain.Offset + StreamOptimizedGrains.MarkerBytes]);
            Assert.Equal(grainBytes, StreamOptimizedGrains.Inflate(file, grain, grainBytes).Length);
            Assert.Equal(0, grain.Lba % (grainBytes / 512));
            long index = grain.Lba / (grainBytes / 512);
            uint table = U32(file, (int)(directory + index / perTable * 4));
            Assert.Equal(grain.Offset / 512, U32(file, (int)(table * 512L + index % perTable * 4)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_streamOptimized_file_ends_with_footer_marker_footer_and_end_of_stream_marker(bool odd)
    {
        var file = await FileAsync("vmdk-stream", odd);
        int end = file.Length;

        Assert.Equal(0, end % 512);
        Assert.Equal(3u, U32(file, end - 1536 + 12));
        Assert.Equal(0x564D444Bu, U32(file, end - 1024));
        Assert.False(file.AsSpan(end - 512).ContainsAnyExcept((byte)0), "the end-of-stream marker is not an all-zero sector");
    }

    // The header that counts: the footer (a copy two sectors before the end) when the directory is at the end.
    private static byte[] Header(byte[] file) =>
        U64(file, 56) == GrainDirectoryAtEnd && (U32(file, 8) & 0x20000) != 0
            ? file.AsSpan((int)((file.Length + 511L) / 512 * 512 - 1024), 512).ToArray()
            : file.AsSpan(0, 512).ToArray();

    private static async Task<byte[]> FileAsync(string name, bool odd) => File.ReadAllBytes(await VendorTestDisks.PathAsync(FormatCase.All[name], odd));

    private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    private static uint U32(byte[] bytes, long at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));

    private static ulong U64(byte[] bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
}
