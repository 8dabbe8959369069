using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>Everything decided about one inode before its record is written into the inode table.</summary>
internal sealed class InodePlan(FsNode node, uint number)
{
    private List<(byte[] Name, InodePlan Child)>? _children;

    /// <summary>The ext4 inode flag for extent-mapped inodes.</summary>
    public const uint ExtentsFlag = 0x80000;

    /// <summary>The object this inode stores.</summary>
    public FsNode Node => node;

    /// <summary>The inode number.</summary>
    public uint Number => number;

    /// <summary>For directories, the parent's inode number (for <c>..</c>).</summary>
    public uint Parent { get; set; }

    /// <summary>Directory entries that name this inode, counted while walking the tree.</summary>
    public int Names { get; set; }

    /// <summary>For directories, how many entries are directories.</summary>
    public int Subdirectories { get; set; }

    /// <summary>For directories, the entries in name order.</summary>
    public List<(byte[] Name, InodePlan Child)> Children => _children ??= [];

    /// <summary>For directories, empty blocks appended after the entries (lost+found wants room to grow).</summary>
    public int ExtraDirectoryBlocks { get; init; }

    /// <summary>The 60-byte i_block area: extent root, fast symlink target or device number.</summary>
    public byte[] BlockArea { get; } = new byte[60];

    /// <summary>The i_flags value.</summary>
    public uint Flags { get; set; }

    /// <summary>The i_size value.</summary>
    public long Size { get; set; }

    /// <summary>Data blocks mapped by the extents.</summary>
    public long DataBlocks { get; set; }

    /// <summary>Extent-tree and xattr blocks, which also count in i_blocks.</summary>
    public long OverheadBlocks { get; set; }

    /// <summary>The external xattr block, or 0.</summary>
    public long XattrBlock { get; set; }

    /// <summary>
    /// The 96 bytes after the inode's fixed part: in-inode xattrs, or null for zeros (most inodes have no
    /// xattrs, and a build plans tens of thousands of inodes in its serial tail).
    /// </summary>
    public byte[]? InodeXattrs { get; private set; }

    /// <summary>Makes <see cref="InodeXattrs"/> a zeroed region to encode into.</summary>
    public byte[] StartInodeXattrs() => InodeXattrs ??= new byte[XattrEncoder.InodeRegionSize];

    /// <summary>The i_links_count value: names for files, 2 plus subdirectories for directories.</summary>
    public int LinkCount => node.Kind == NodeKind.Directory
        ? (2 + Subdirectories > 65000 ? 1 : 2 + Subdirectories)
        : Math.Max(1, Names);
}
