namespace DockerToLinux.RootFs;

/// <summary>
/// One filesystem object: what ext4 calls an inode. Hard links are several <see cref="FsEntry"/> names that
/// point to the same node, so changing or unlinking one name never touches the others.
/// </summary>
internal sealed class FsNode
{
    private SortedDictionary<string, byte[]>? _xattrs;

    private FsNode(NodeKind kind) => Kind = kind;

    /// <summary>The object's type.</summary>
    public NodeKind Kind { get; }

    /// <summary>Permission bits including setuid, setgid and sticky (mask 07777); never the type bits.</summary>
    public int Permissions { get; set; }

    /// <summary>Owner; may exceed 65535.</summary>
    public long Uid { get; set; }

    /// <summary>Group; may exceed 65535.</summary>
    public long Gid { get; set; }

    /// <summary>Last modification time; ext4 also uses it for atime and ctime.</summary>
    public FsTimestamp ModificationTime { get; set; }

    /// <summary>
    /// Extended attributes by full name (<c>security.capability</c>, <c>user.x</c>), values verbatim. Made on
    /// first use: most nodes have none, and an image has tens of thousands of nodes.
    /// </summary>
    public SortedDictionary<string, byte[]> Xattrs => _xattrs ??= new(StringComparer.Ordinal);

    /// <summary>Whether the node has extended attributes (asking does not make the table).</summary>
    public bool HasXattrs => _xattrs is { Count: > 0 };

    /// <summary>The file's bytes, for regular files.</summary>
    public FileContent? Content { get; set; }

    /// <summary>The link target, for symlinks, exactly as the layer gave it.</summary>
    public string? LinkTarget { get; set; }

    /// <summary>Device major number, for character and block devices.</summary>
    public int DeviceMajor { get; set; }

    /// <summary>Device minor number, for character and block devices.</summary>
    public int DeviceMinor { get; set; }

    /// <summary>The names inside a directory, keyed by name; null for every other kind.</summary>
    public Dictionary<string, FsEntry>? Entries { get; private init; }

    /// <summary>How many directory entries name this node (hard links). Kept by <see cref="FileTree"/>.</summary>
    public int LinkCount { get; internal set; }

    /// <summary>The size ext4 and tar report: content length, link target length in UTF-8, else 0.</summary>
    public long Size => Kind switch
    {
        NodeKind.RegularFile => Content?.Length ?? 0,
        NodeKind.Symlink => System.Text.Encoding.UTF8.GetByteCount(LinkTarget ?? string.Empty),
        _ => 0,
    };

    /// <summary>Makes an empty directory.</summary>
    public static FsNode NewDirectory(int permissions = 0b111_101_101) =>
        new(NodeKind.Directory) { Permissions = permissions, Entries = new(StringComparer.Ordinal) };

    /// <summary>Makes a regular file with stored content.</summary>
    public static FsNode NewFile(FileContent content, int permissions = 0b110_100_100) =>
        new(NodeKind.RegularFile) { Permissions = permissions, Content = content };

    /// <summary>Makes a symbolic link.</summary>
    public static FsNode NewSymlink(string target) =>
        new(NodeKind.Symlink) { Permissions = 0b111_111_111, LinkTarget = target };

    /// <summary>Makes a character or block device, FIFO or socket.</summary>
    public static FsNode NewSpecial(NodeKind kind, int major = 0, int minor = 0, int permissions = 0b110_100_100)
    {
        if (kind is NodeKind.RegularFile or NodeKind.Directory or NodeKind.Symlink)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a special file kind");
        }
        return new FsNode(kind) { Permissions = permissions, DeviceMajor = major, DeviceMinor = minor };
    }

    /// <summary>Copies ownership, permissions, time and xattrs from another node (a kernel image's file copied into the disk).</summary>
    public void CopyAttributesFrom(FsNode other)
    {
        Permissions = other.Permissions;
        Uid = other.Uid;
        Gid = other.Gid;
        ModificationTime = other.ModificationTime;
        _xattrs?.Clear();
        foreach (var (name, value) in other._xattrs ?? [])
        {
            Xattrs[name] = value;
        }
    }
}
