namespace DockerToLinux.RootFs;

/// <summary>
/// Writes d2l's own files into the merged tree: a file that already exists as a regular file is rewritten in
/// place (its owner, mode, xattrs and other hard links stay); anything else at that path is replaced by a
/// new file with the given mode, owned by root.
/// </summary>
internal static class TreeFiles
{
    /// <summary>The layer index recorded for entries d2l makes after all image layers.</summary>
    public const int GeneratedLayer = int.MaxValue;

    /// <summary>Writes <paramref name="data"/> at <paramref name="path"/>.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">Where file bytes go.</param>
    /// <param name="path">Absolute path inside the root.</param>
    /// <param name="data">The new content.</param>
    /// <param name="newFileMode">Permission bits for a newly made file.</param>
    /// <param name="time">The modification time to set.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <param name="forceMode">When set, the mode to apply even to an existing file.</param>
    /// <returns>The file's node.</returns>
    /// <exception cref="D2lException">The path runs through something that is not a directory.</exception>
    public static async Task<FsNode> WriteAsync(FileTree tree, IFileContentStore store, string path, ReadOnlyMemory<byte> data,
        int newFileMode, FsTimestamp time, CancellationToken cancellationToken, int? forceMode = null)
    {
        var content = await store.AddAsync(data, cancellationToken).ConfigureAwait(false);
        return Place(tree, store, path, content, newFileMode, time, forceMode);
    }

    /// <summary>Writes <paramref name="length"/> bytes read from <paramref name="source"/> at <paramref name="path"/>.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">Where file bytes go.</param>
    /// <param name="path">Absolute path inside the root.</param>
    /// <param name="source">The new content.</param>
    /// <param name="length">How many bytes <paramref name="source"/> gives.</param>
    /// <param name="newFileMode">Permission bits for a newly made file.</param>
    /// <param name="time">The modification time to set.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <param name="forceMode">When set, the mode to apply even to an existing file.</param>
    /// <returns>The file's node.</returns>
    /// <exception cref="D2lException">The path runs through something that is not a directory.</exception>
    public static async Task<FsNode> WriteAsync(FileTree tree, IFileContentStore store, string path, Stream source, long length,
        int newFileMode, FsTimestamp time, CancellationToken cancellationToken, int? forceMode = null)
    {
        var content = await store.AddAsync(source, length, cancellationToken).ConfigureAwait(false);
        return Place(tree, store, path, content, newFileMode, time, forceMode);
    }

    private static FsNode Place(FileTree tree, IFileContentStore store, string path, FileContent content, int newFileMode, FsTimestamp time,
        int? forceMode)
    {
        if (tree.Lookup(path)?.Node is { Kind: NodeKind.RegularFile } existing)
        {
            if (existing.Content is { } old)
            {
                store.Release(old);
            }
            existing.Content = content;
            existing.ModificationTime = time;
            existing.Permissions = forceMode ?? existing.Permissions;
            return existing;
        }
        var node = FsNode.NewFile(content, forceMode ?? newFileMode);
        node.ModificationTime = time;
        if (!tree.Set(path, node, GeneratedLayer))
        {
            store.Release(content);
            throw new D2lException(FailureKind.BadInput, $"cannot write {path}: a part of its path is not a directory in the image");
        }
        return node;
    }

    /// <summary>
    /// Makes sure <paramref name="path"/> is a directory (following symlinks, as a shell's <c>mkdir -p</c>
    /// would), creating it and its parents as 0755 root directories with the given time.
    /// </summary>
    /// <exception cref="D2lException">Something other than a directory is in the way.</exception>
    public static FsNode EnsureDirectory(FileTree tree, string path, FsTimestamp time)
    {
        string sofar = string.Empty;
        foreach (string part in FileTree.SplitPath(path))
        {
            sofar += "/" + part;
            if (tree.Resolve(sofar) is { Kind: NodeKind.Directory })
            {
                continue;
            }
            if (tree.Lookup(sofar) is not null)
            {
                throw new D2lException(FailureKind.BadInput, $"cannot create directory {sofar}: something else is there in the image");
            }
            var directory = FsNode.NewDirectory();
            directory.ModificationTime = time;
            if (!tree.Set(sofar, directory, GeneratedLayer))
            {
                throw new D2lException(FailureKind.BadInput, $"cannot create directory {sofar}");
            }
        }
        return tree.Resolve(path)!;
    }

    /// <summary>The text of the regular file <paramref name="path"/> (symlinks followed), or null when there is none or it is empty.</summary>
    public static async Task<string?> ReadTextAsync(FileTree tree, IFileContentStore store, string path, CancellationToken cancellationToken)
    {
        if (tree.Resolve(path) is not { Kind: NodeKind.RegularFile, Content: { } content })
        {
            return null;
        }
        await using var stream = store.OpenRead(content);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
