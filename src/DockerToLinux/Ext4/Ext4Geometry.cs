namespace DockerToLinux.Ext4;

/// <summary>
/// Where each block group keeps its metadata. Positions depend only on the largest size the filesystem may
/// reach (the layout size), never on the final group count, so file data can be placed before the size is
/// known: every backup group reserves room for the descriptor table of the layout size, and whatever the
/// final table does not use stays as free blocks.
/// </summary>
internal sealed class Ext4Geometry
{
    /// <summary>Bytes per block.</summary>
    public const int BlockSize = 4096;

    /// <summary>
    /// An inode's <c>i_blocks</c> counts 512-byte units whatever the block size (without huge_file): a unit
    /// of ext2's own that happens to equal a disk sector.
    /// </summary>
    public const int BlockCountUnit = 512;

    /// <summary>How many <see cref="BlockCountUnit"/>s one block adds to <c>i_blocks</c>.</summary>
    public const int BlockCountUnitsPerBlock = BlockSize / BlockCountUnit;

    /// <summary>Blocks (and bitmap bits) per group: one bitmap block's worth.</summary>
    public const int BlocksPerGroup = BlockSize * 8;

    /// <summary>Bytes per inode record.</summary>
    public const int InodeSize = 256;

    /// <summary>Bytes per group descriptor (no 64bit feature).</summary>
    public const int DescriptorSize = 32;

    /// <summary>Blocks per MiB: sizes are whole MiB so that partitions stay aligned.</summary>
    public const int BlocksPerMiB = Units.MiB / BlockSize;

    /// <summary>Free blocks a partial last group must offer beyond its metadata (as mke2fs requires).</summary>
    public const int MinimumLastGroupSlack = 50;

    /// <summary>Bytes of data per inode, as mke2fs's default inode_ratio.</summary>
    private const int BytesPerInode = 16384;

    /// <summary>Lays out groups for a filesystem of at most <paramref name="layoutBlocks"/> blocks.</summary>
    public Ext4Geometry(long layoutBlocks)
    {
        LayoutBlocks = layoutBlocks;
        long maxGroups = (layoutBlocks + BlocksPerGroup - 1) / BlocksPerGroup;
        ReservedGdtBlocks = GdtBlocks(maxGroups);
        long perGroupBlocks = Math.Min(layoutBlocks, BlocksPerGroup);
        long inodes = perGroupBlocks * BlockSize / BytesPerInode;
        InodesPerGroup = (int)Math.Clamp((inodes + InodesPerBlock - 1) / InodesPerBlock * InodesPerBlock, InodesPerBlock, 8192);
        InodeTableBlocks = InodesPerGroup / InodesPerBlock;
    }

    /// <summary>Inode records per block.</summary>
    public const int InodesPerBlock = BlockSize / InodeSize;

    /// <summary>The largest block count this layout supports.</summary>
    public long LayoutBlocks { get; }

    /// <summary>Blocks kept after each superblock copy for the descriptor table.</summary>
    public int ReservedGdtBlocks { get; }

    /// <summary>Inodes per group (fixed, so that inode numbers never move).</summary>
    public int InodesPerGroup { get; }

    /// <summary>Blocks of inode table per group.</summary>
    public int InodeTableBlocks { get; }

    /// <summary>Descriptor-table blocks for <paramref name="groups"/> groups.</summary>
    public static int GdtBlocks(long groups) =>
        (int)((groups * DescriptorSize + BlockSize - 1) / BlockSize);

    /// <summary>Whether group <paramref name="group"/> holds a superblock copy (sparse_super: 0, 1, powers of 3, 5, 7).</summary>
    public static bool HasSuperblock(long group)
    {
        if (group <= 1)
        {
            return true;
        }
        return IsPowerOf(group, 3) || IsPowerOf(group, 5) || IsPowerOf(group, 7);
    }

    /// <summary>The first block of a group.</summary>
    public static long GroupStart(long group) => group * BlocksPerGroup;

    /// <summary>The block bitmap's block.</summary>
    public long BlockBitmap(long group) => GroupStart(group) + (HasSuperblock(group) ? 1 + ReservedGdtBlocks : 0);

    /// <summary>The inode bitmap's block.</summary>
    public long InodeBitmap(long group) => BlockBitmap(group) + 1;

    /// <summary>The first block of the inode table.</summary>
    public long InodeTable(long group) => BlockBitmap(group) + 2;

    /// <summary>The first block after the group's metadata, where data may go.</summary>
    public long DataStart(long group) => InodeTable(group) + InodeTableBlocks;

    /// <summary>
    /// Rounds a block count to whole MiB and makes a partial last group big enough for its metadata plus
    /// <see cref="MinimumLastGroupSlack"/> blocks, by growing to the group's end or by dropping it.
    /// </summary>
    public long FitLastGroup(long blocks, bool roundUp)
    {
        blocks = roundUp
            ? (blocks + BlocksPerMiB - 1) / BlocksPerMiB * BlocksPerMiB
            : blocks / BlocksPerMiB * BlocksPerMiB;
        long rest = blocks % BlocksPerGroup;
        long lastGroup = blocks / BlocksPerGroup;
        if (rest != 0 && rest < DataStart(lastGroup) - GroupStart(lastGroup) + MinimumLastGroupSlack)
        {
            blocks += roundUp ? BlocksPerGroup - rest : -rest;
        }
        return blocks;
    }

    private static bool IsPowerOf(long value, int radix)
    {
        while (value % radix == 0)
        {
            value /= radix;
        }
        return value == 1;
    }
}
