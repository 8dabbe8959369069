using System.Security.Cryptography;
using DockerToLinux.Images;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.RootFs;

/// <summary>
/// A flattened tree written down entry by entry (type, mode, owner, mtime, link, content hash, devices,
/// xattrs) plus its hard-link groups, so two flattenings can be compared and differences printed.
/// </summary>
internal sealed record TreeSnapshot(SortedDictionary<string, string> Entries, List<string> HardLinkGroups)
{
    public static TreeSnapshot Of(FileTree tree, MemoryContentStore store, Func<string, bool>? include = null, bool wholeSeconds = false)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<FsNode, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var (path, entry) in tree.Walk())
        {
            if (include is not null && !include(path))
            {
                continue;
            }
            var node = entry.Node;
            string content = node.Content is { } data ? Convert.ToHexStringLower(SHA256.HashData(MemoryContentStore.Bytes(data)))[..16] : "";
            string xattrs = string.Join(",", node.Xattrs.Select(pair => $"{pair.Key}={Convert.ToHexStringLower(pair.Value)}"));
            entries[path] = $"{node.Kind} {Convert.ToString(node.Permissions, 8)} {node.Uid}:{node.Gid} " +
                $"t={node.ModificationTime.Seconds}.{(wholeSeconds ? 0 : node.ModificationTime.Nanoseconds):D9} " +
                (node.Kind == NodeKind.Symlink ? $"-> {node.LinkTarget} " : "") +
                (node.Kind is NodeKind.CharacterDevice or NodeKind.BlockDevice ? $"dev={node.DeviceMajor},{node.DeviceMinor} " : "") +
                $"size={node.Size} {content} [{xattrs}]";
            if (node.Kind != NodeKind.Directory)
            {
                if (!names.TryGetValue(node, out var list))
                {
                    names[node] = list = [];
                }
                list.Add(path);
            }
        }
        var groups = names.Values.Where(list => list.Count > 1).Select(list => string.Join(" = ", list.Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        return new TreeSnapshot(entries, groups);
    }

    /// <summary>Applies every layer of an image, as the pipeline will.</summary>
    public static async Task<(FileTree Tree, MemoryContentStore Store)> FlattenAsync(ContainerImage image)
    {
        var store = new MemoryContentStore();
        var tree = new FileTree(store.Release);
        for (int i = 0; i < image.Layers.Count; i++)
        {
            await using var tar = await image.Layers[i].OpenTarAsync(CancellationToken.None);
            await LayerApplier.ApplyAsync(tree, tar, i, store, CancellationToken.None);
        }
        return (tree, store);
    }

    /// <summary>Applies layer tars given as bytes.</summary>
    public static async Task<(FileTree Tree, MemoryContentStore Store)> FlattenAsync(params byte[][] layers)
    {
        var store = new MemoryContentStore();
        var tree = new FileTree(store.Release);
        for (int i = 0; i < layers.Length; i++)
        {
            await LayerApplier.ApplyAsync(tree, new MemoryStream(layers[i]), i, store, CancellationToken.None);
        }
        return (tree, store);
    }

    /// <summary>Lines that differ, for an assertion message.</summary>
    public string DiffAgainst(TreeSnapshot other)
    {
        var lines = new List<string>();
        foreach (string path in Entries.Keys.Union(other.Entries.Keys).Order(StringComparer.Ordinal))
        {
            string? mine = Entries.GetValueOrDefault(path);
            string? theirs = other.Entries.GetValueOrDefault(path);
            if (mine != theirs)
            {
                lines.Add($"{path}\n   ours:   {mine ?? "(absent)"}\n   theirs: {theirs ?? "(absent)"}");
            }
        }
        if (!HardLinkGroups.SequenceEqual(other.HardLinkGroups))
        {
            lines.Add($"hard links\n   ours:   {string.Join("; ", HardLinkGroups)}\n   theirs: {string.Join("; ", other.HardLinkGroups)}");
        }
        return string.Join('\n', lines);
    }
}
