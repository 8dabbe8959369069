using DockerToLinux.RootFs;
using DockerToLinux.Tests.Ext4;

namespace DockerToLinux.Tests.Property;

/// <summary>
/// One node of a generated tree, as the test expects to read it back: kind, attributes, content, link target,
/// device numbers, xattrs and every name it has (more than one for hard links).
/// </summary>
internal sealed class ModelNode
{
    public required NodeKind Kind { get; init; }

    public int Mode { get; init; }

    public long Uid { get; init; }

    public long Gid { get; init; }

    public long ModificationSeconds { get; init; }

    /// <summary>Small content, held in memory.</summary>
    public byte[]? Data { get; init; }

    /// <summary>Large or sparse content: its length and which 4 KiB blocks hold <see cref="PatternStream"/> data.</summary>
    public (long Length, Func<long, bool> IsData)? Pattern { get; init; }

    public string? Target { get; init; }

    public int Major { get; init; }

    public int Minor { get; init; }

    public SortedDictionary<string, byte[]> Xattrs { get; } = new(StringComparer.Ordinal);

    /// <summary>Its paths, without a leading slash; the first is the one it was made at.</summary>
    public List<string> Paths { get; } = [];

    /// <summary>Too large to dump whole: checked through block maps instead.</summary>
    public bool Huge => Pattern is { Length: > 1L << 30 };

    public long Length => Data?.LongLength ?? Pattern?.Length ?? 0;

    public Stream OpenContent() => Pattern is { } pattern ? new PatternStream(pattern.Length, pattern.IsData) : new MemoryStream(Data ?? []);

    /// <summary>The node the flattener would have made, its content stored in <paramref name="store"/>.</summary>
    public async Task<FsNode> ToFsNodeAsync(IFileContentStore store)
    {
        var node = Kind switch
        {
            NodeKind.RegularFile => FsNode.NewFile(await store.AddAsync(OpenContent(), Length, CancellationToken.None)),
            NodeKind.Directory => FsNode.NewDirectory(),
            NodeKind.Symlink => FsNode.NewSymlink(Target!),
            _ => FsNode.NewSpecial(Kind, Major, Minor),
        };
        if (Kind != NodeKind.Symlink)
        {
            node.Permissions = Mode;
        }
        node.Uid = Uid;
        node.Gid = Gid;
        node.ModificationTime = new FsTimestamp(ModificationSeconds, 0);
        foreach (var (name, value) in Xattrs)
        {
            node.Xattrs[name] = value;
        }
        return node;
    }
}
