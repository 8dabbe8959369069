using System.Buffers.Binary;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>
/// The checks VirtualBox makes when it opens and reads a VDI (src/VBox/Storage/VDI.cpp), restated, run on the
/// VDI d2l writes of an image with incompressible data, deleted files and a size that is not a whole number of
/// 1 MiB blocks.
/// </summary>
public sealed class VdiVendorRuleTests
{
    private const int PreHeader = 72, Header1 = 384;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_pre_header_has_the_signature_and_major_version_1_that_vdiValidatePreHeader_requires(bool odd)
    {
        var file = await FileAsync(odd);
        Assert.Equal(0xBEDA107Fu, U32(file, 64));
        Assert.Equal(1u, U32(file, 68) >> 16);
        Assert.Equal(0x00010001u, U32(file, 68));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_header_passes_every_check_of_vdiValidateHeader(bool odd)
    {
        var file = await FileAsync(odd);
        uint cbHeader = U32(file, 72), type = U32(file, 76), flags = U32(file, 80), offBlocks = U32(file, 340), offData = U32(file, 344);
        long cbDisk = (long)U64(file, 368);
        uint cbBlock = U32(file, 376), cbBlockExtra = U32(file, 380), cBlocks = U32(file, 384), cBlocksAllocated = U32(file, 388);

        Assert.True(cbHeader >= Header1, $"cbHeader {cbHeader}");
        Assert.True(offBlocks >= PreHeader + Header1, $"offBlocks {offBlocks}");
        Assert.True(offData >= offBlocks + cBlocks * 4L, $"offData {offData}");
        Assert.InRange(type, 1u, 4u);
        Assert.Equal(0u, flags);
        // The 1.1+ header's LCHS geometry (at 456) must say 512-byte sectors.
        Assert.True(cbHeader < 400 || U32(file, 468) == 512, $"LCHS cbSector {U32(file, 468)}");
        Assert.True(cbDisk > 0 && cbBlock > 0 && cBlocks > 0 && BitOperationsIsPow2(cbBlock), $"size {cbDisk}, block {cbBlock}, blocks {cBlocks}");
        Assert.True(cBlocksAllocated <= cBlocks);
        Assert.True(cbBlockExtra == 0 || BitOperationsIsPow2(cbBlockExtra));
        Assert.True((long)cbBlock * cBlocks >= cbDisk);
        Assert.NotEqual(Guid.Empty, new Guid(file.AsSpan(392, 16)));
        Assert.NotEqual(Guid.Empty, new Guid(file.AsSpan(408, 16)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_disk_size_is_whole_sectors_so_vdiImageReadHeader_does_not_round_it_down(bool odd)
    {
        var file = await FileAsync(odd);
        long cbDisk = (long)U64(file, 368);
        Assert.Equal(0, cbDisk % 512);
        Assert.Equal(odd, cbDisk % U32(file, 376) != 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_block_pointer_is_below_the_allocated_count_unique_and_inside_the_file_as_vdiImageBackResolvTblCreate_requires(bool odd)
    {
        var file = await FileAsync(odd);
        uint offBlocks = U32(file, 340), offData = U32(file, 344), cbBlock = U32(file, 376), cBlocks = U32(file, 384), allocated = U32(file, 388);
        var seen = new HashSet<uint>();
        for (int i = 0; i < cBlocks; i++)
        {
            uint pointer = U32(file, (int)offBlocks + i * 4);
            if (pointer >= 0xFFFFFFFE)
            {
                continue;
            }
            Assert.True(pointer < allocated, $"block {i} points at data block {pointer} of {allocated}");
            Assert.True(seen.Add(pointer), $"data block {pointer} is used twice");
            Assert.True(offData + (long)(pointer + 1) * cbBlock <= file.Length, $"data block {pointer} runs past the end of the file");
        }
        Assert.Equal(allocated, (uint)seen.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_block_map_and_data_start_on_the_1_MiB_boundaries_VirtualBox_itself_writes(bool odd)
    {
        // vdiInitHeader aligns offBlocks and offData to cbDataAlign, VDI_DATA_ALIGN (1 MiB) by default.
        var file = await FileAsync(odd);
        Assert.Equal(0u, U32(file, 344) % (1 << 20));
        Assert.Equal(400u, U32(file, 72));
    }

    private static async Task<byte[]> FileAsync(bool odd) => File.ReadAllBytes(await VendorTestDisks.PathAsync(FormatCase.All["vdi"], odd));

    private static bool BitOperationsIsPow2(uint value) => System.Numerics.BitOperations.IsPow2(value);

    private static uint U32(byte[] file, int at) => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));

    private static ulong U64(byte[] file, int at) => BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at));
}
