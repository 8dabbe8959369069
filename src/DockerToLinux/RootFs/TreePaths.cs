
namespace DockerToLinux.RootFs;

/// <summary>Path helpers over a <see cref="FileTree"/> that need the resolved path, not just the node.</summary>
internal static class TreePaths
{
    private const int MaxSymlinkHops = 40;

    /// <summary>
    /// The absolute path <paramref name="path"/> names once every symlink in it (the last one too) is
    /// followed inside the root, or null if it leads nowhere. A boot loader cannot follow symlinks, so it
    /// must be given this path.
    /// </summary>
    public static string? Canonical(FileTree tree, string path)
    {
        var names = new List<string>();
        var nodes = new List<FsNode> { tree.Root };
        var pending = new Queue<string>(FileTree.SplitPath(path));
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Dequeue();
            if (part == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                    nodes.RemoveAt(nodes.Count - 1);
                }
                continue;
            }
            if (nodes[^1].Entries?.GetValueOrDefault(part) is not { } entry)
            {
                return null;
            }
            if (entry.Node.Kind == NodeKind.Symlink)
            {
                if (++hops > MaxSymlinkHops)
                {
                    return null;
                }
                string target = entry.Node.LinkTarget ?? string.Empty;
                if (target.StartsWith('/'))
                {
                    names.Clear();
                    nodes.RemoveRange(1, nodes.Count - 1);
                }
                pending = new Queue<string>(FileTree.SplitPath(target).Concat(pending));
                continue;
            }
            names.Add(part);
            nodes.Add(entry.Node);
        }
        return "/" + string.Join('/', names);
    }

    /// <summary>True if <paramref name="path"/> resolves to a non-empty regular file.</summary>
    public static bool IsNonEmptyFile(FileTree tree, string path) =>
        tree.Resolve(path) is { Kind: NodeKind.RegularFile, Size: > 0 };

    /// <summary>The names in a directory (following symlinks to it), or none.</summary>
    public static IEnumerable<string> List(FileTree tree, string directory) =>
        tree.Resolve(directory) is { Kind: NodeKind.Directory, Entries: { } entries } ? entries.Keys : [];
}
