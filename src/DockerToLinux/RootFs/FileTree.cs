namespace DockerToLinux.RootFs;

/// <summary>
/// The merged root filesystem: a directory tree of <see cref="FsNode"/>s with path operations that behave as
/// if performed inside a chroot. Lookups follow symlinks in the middle of a path but never out of the root
/// (<c>..</c> at the root stays at the root, absolute targets start at the root), and never follow the last
/// component. Removing the last name of a file releases its content to the store.
/// </summary>
internal sealed class FileTree
{
    private const int MaxSymlinkHops = 40;
    private readonly Action<FileContent> _release;

    /// <summary>Creates an empty tree whose root is a 0755 directory owned by root.</summary>
    /// <param name="release">Called with the content of each regular file whose last name is removed.</param>
    public FileTree(Action<FileContent> release)
    {
        _release = release;
        Root = FsNode.NewDirectory();
        Root.LinkCount = 1;
    }

    /// <summary>The root directory.</summary>
    public FsNode Root { get; }

    /// <summary>
    /// Splits a path into its components, dropping empty and <c>.</c> parts and a leading <c>/</c> or <c>./</c>.
    /// <c>..</c> is kept; resolution treats it relative to where it stands, clamped at the root.
    /// </summary>
    public static List<string> SplitPath(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != ".").ToList();

    /// <summary>
    /// <paramref name="path"/> as <see cref="SplitPath"/> would give it, joined by single slashes ("" for
    /// the root); the string itself when it is already in that form, as most names in a layer are.
    /// </summary>
    public static string NormalizePath(string path)
    {
        var trimmed = path.AsSpan().TrimEnd('/');
        if (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }
        if (trimmed.IsEmpty || trimmed[0] == '/' || trimmed is "." || trimmed.StartsWith("./", StringComparison.Ordinal)
            || trimmed.EndsWith("/.", StringComparison.Ordinal) || trimmed.Contains("//", StringComparison.Ordinal)
            || trimmed.Contains("/./", StringComparison.Ordinal))
        {
            return string.Join('/', SplitPath(path));
        }
        return trimmed.Length == path.Length ? path : trimmed.ToString();
    }

    /// <summary>The entry at <paramref name="path"/>, not following a final symlink; null if absent.</summary>
    public FsEntry? Lookup(string path)
    {
        if (TryWalkPlain(path, -1, create: false, out var directory, out var leaf))
        {
            if (leaf.IsEmpty)
            {
                return new FsEntry(Root, 0);
            }
            return directory is not null && directory.Entries!.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(leaf, out var found)
                ? found
                : null;
        }
        var parts = SplitPath(path);
        if (parts.Count == 0)
        {
            return new FsEntry(Root, 0);
        }
        var parent = ResolveDirectory(parts[..^1], layer: -1, create: false);
        if (parent is null || parts[^1] == "..")
        {
            return null;
        }
        return parent.Entries!.GetValueOrDefault(parts[^1]);
    }

    /// <summary>The node at <paramref name="path"/>, following symlinks all the way (inside the root).</summary>
    public FsNode? Resolve(string path)
    {
        var parts = SplitPath(path);
        parts.Add(".");
        return ResolveDirectoryOrNode(parts, layer: -1, create: false, wantDirectory: false);
    }

    /// <summary>
    /// The directory that holds the last component of <paramref name="path"/>, creating missing directories
    /// (0755, root-owned, made by <paramref name="layer"/>) the way tar extraction does. Returns null if a
    /// component is not a directory and <paramref name="create"/> is false, and also null if it is not a
    /// directory and cannot become one.
    /// </summary>
    public FsNode? ParentOf(string path, int layer, bool create, out string name)
    {
        if (TryWalkPlain(path, layer, create, out var directory, out var leaf))
        {
            name = leaf.ToString();
            return leaf.IsEmpty ? null : directory;
        }
        var parts = SplitPath(path);
        name = parts.Count == 0 ? string.Empty : parts[^1];
        return parts.Count == 0 ? null : ResolveDirectory(parts[..^1], layer, create);
    }

    /// <summary>
    /// Puts <paramref name="node"/> at <paramref name="path"/>, creating missing parents. An existing entry of
    /// that name is removed first (with its whole subtree); callers that want "dir over dir merges" check
    /// for that before calling.
    /// </summary>
    /// <returns>False if the parent path runs through something that is not a directory.</returns>
    public bool Set(string path, FsNode node, int layer)
    {
        var parent = ParentOf(path, layer, create: true, out string name);
        if (parent is null || name is "" or "..")
        {
            return false;
        }
        if (parent.Entries!.TryGetValue(name, out var old))
        {
            Unlink(old.Node);
        }
        parent.Entries[name] = new FsEntry(node, layer);
        node.LinkCount++;
        return true;
    }

    /// <summary>Removes the entry at <paramref name="path"/> and everything below it.</summary>
    /// <returns>True if something was removed.</returns>
    public bool Remove(string path)
    {
        var parent = ParentOf(path, -1, create: false, out string name);
        if (parent is null || !parent.Entries!.Remove(name, out var old))
        {
            return false;
        }
        Unlink(old.Node);
        return true;
    }

    /// <summary>
    /// Removes one name of a node that is no longer referenced from its directory: drops the link count and,
    /// when the node is gone, releases its content or unlinks its children.
    /// </summary>
    public void Unlink(FsNode node)
    {
        node.LinkCount--;
        if (node.LinkCount > 0 && node.Kind != NodeKind.Directory)
        {
            return;
        }
        if (node.Kind == NodeKind.RegularFile && node.Content is { } content)
        {
            node.Content = null;
            _release(content);
        }
        else if (node.Kind == NodeKind.Directory)
        {
            foreach (var child in node.Entries!.Values)
            {
                Unlink(child.Node);
            }
            node.Entries.Clear();
        }
    }

    /// <summary>Every entry below the root, depth first, names in ordinal order, with its path from the root.</summary>
    public IEnumerable<(string Path, FsEntry Entry)> Walk()
    {
        var stack = new Stack<(string Path, FsNode Directory)>();
        stack.Push((string.Empty, Root));
        while (stack.Count > 0)
        {
            var (prefix, directory) = stack.Pop();
            var children = directory.Entries!.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
            for (int i = children.Count - 1; i >= 0; i--)
            {
                if (children[i].Value.Node.Kind == NodeKind.Directory)
                {
                    stack.Push((prefix + "/" + children[i].Key, children[i].Value.Node));
                }
            }
            foreach (var (name, entry) in children)
            {
                yield return (prefix + "/" + name, entry);
            }
        }
    }

    // The common walk, without allocating: a path with no ".." whose directories are all real directories,
    // not symlinks. Gives the directory that holds the last component (null where ResolveDirectory would
    // give null) and that component (empty for the root itself); false sends the caller to the general walk.
    private bool TryWalkPlain(string path, int layer, bool create, out FsNode? directory, out ReadOnlySpan<char> leaf)
    {
        directory = Root;
        leaf = default;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var part = path.AsSpan()[range];
            if (part.IsEmpty || part is ".")
            {
                continue;
            }
            if (part is "..")
            {
                return false;
            }
            if (!leaf.IsEmpty && directory is not null)
            {
                if (!TryStepPlain(directory, leaf, layer, create, out directory))
                {
                    return false;
                }
            }
            leaf = part;
        }
        return true;
    }

    // One directory down, as ResolveDirectoryOrNode steps; false for a symlink, which that walk must follow.
    private static bool TryStepPlain(FsNode current, ReadOnlySpan<char> part, int layer, bool create, out FsNode? next)
    {
        var entries = current.Entries!.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!entries.TryGetValue(part, out var entry))
        {
            next = create ? MakeDirectory(current, part.ToString(), layer).Node : null;
            return true;
        }
        next = entry.Node.Kind == NodeKind.Directory ? entry.Node : null;
        return entry.Node.Kind != NodeKind.Symlink;
    }

    // A missing directory on the way, made as tar extraction makes it: 0755, root-owned, the parent's time.
    private static FsEntry MakeDirectory(FsNode parent, string name, int layer)
    {
        var made = FsNode.NewDirectory();
        made.ModificationTime = parent.ModificationTime;
        made.LinkCount = 1;
        var entry = new FsEntry(made, layer);
        parent.Entries![name] = entry;
        return entry;
    }

    private FsNode? ResolveDirectory(List<string> parts, int layer, bool create) =>
        ResolveDirectoryOrNode([.. parts, "."], layer, create, wantDirectory: true);

    // Walks components with an explicit stack of directories so that ".." and relative symlink targets
    // resolve against the real parent, and the root's ".." is the root, as in a chroot.
    private FsNode? ResolveDirectoryOrNode(List<string> parts, int layer, bool create, bool wantDirectory)
    {
        var stack = new List<FsNode> { Root };
        var pending = new Queue<string>(parts);
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Dequeue();
            var current = stack[^1];
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (stack.Count > 1)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                continue;
            }
            if (current.Kind != NodeKind.Directory)
            {
                return null;
            }
            if (!current.Entries!.TryGetValue(part, out var entry))
            {
                if (!create)
                {
                    return null;
                }
                entry = MakeDirectory(current, part, layer);
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
                    stack.RemoveRange(1, stack.Count - 1);
                }
                var rest = pending.ToList();
                pending = new Queue<string>(SplitPath(target).Concat(rest));
                continue;
            }
            stack.Add(entry.Node);
        }
        var result = stack[^1];
        return wantDirectory && result.Kind != NodeKind.Directory ? null : result;
    }
}
