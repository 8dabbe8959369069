using System.Runtime.ExceptionServices;
using System.Text;

namespace DockerToLinux.RootFs;

/// <summary>
/// Applies one layer tar to the merged tree, in a single pass, following the OCI layer rules as podman
/// applies them. Each name remembers the layer that made it (<see cref="FsEntry.Layer"/>), so a whiteout
/// or opaque marker in layer k removes only what layers below k made, wherever it stands in the tar.
/// </summary>
internal static class LayerApplier
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const int MaxNameBytes = 255;

    /// <summary>Applies the layer at <paramref name="layerIndex"/> (0 = base), naming it "layer N" in errors.</summary>
    /// <inheritdoc cref="ApplyAsync(FileTree, Stream, int, string, IFileContentStore, CancellationToken)"/>
    public static Task ApplyAsync(FileTree tree, Stream layerTar, int layerIndex, IFileContentStore store,
        CancellationToken cancellationToken) =>
        ApplyAsync(tree, layerTar, layerIndex, $"layer {layerIndex}", store, cancellationToken);

    /// <summary>
    /// Reads <paramref name="layerTar"/> to its end and changes <paramref name="tree"/> accordingly; file data
    /// goes to <paramref name="store"/> as it streams, and content of files that lose their last name is released.
    /// </summary>
    /// <param name="tree">The tree built from the layers below.</param>
    /// <param name="layerTar">The uncompressed layer; read once, front to back, not disposed.</param>
    /// <param name="layerIndex">Layers must be applied in increasing order, base first.</param>
    /// <param name="layerName">How errors name the layer (for example its digest).</param>
    /// <param name="store">Where regular files' bytes go.</param>
    /// <param name="cancellationToken">Stops between reads.</param>
    /// <exception cref="D2lException">The layer is not a valid tar or breaks a rule podman also refuses.</exception>
    public static async Task ApplyAsync(FileTree tree, Stream layerTar, int layerIndex, string layerName,
        IFileContentStore store, CancellationToken cancellationToken)
    {
        var layer = new FailureTrackingStream(layerTar);
        try
        {
            await using var reader = new LayerTarReader(layer, layerName);
            var applier = new Context(tree, layerIndex, layerName, store);
            while (await reader.NextAsync(cancellationToken) is { } entry)
            {
                var content = await StoreAsync(entry, layerName, store, cancellationToken);
                applier.Apply(entry, content);
            }
            await reader.DrainAsync(cancellationToken);
        }
        catch (D2lException error) when (IsAboutTheBytes(error))
        {
            (await CauseAsync(layer, error, cancellationToken)).Throw();
        }
    }

    /// <summary>
    /// Reads a layer while lower layers may still be read, for layers read in parallel: file data is stored as
    /// it streams, and each entry goes to <paramref name="turn"/>, which keeps it until the layer's turn comes
    /// and applies it from then on. A failure (bad input, a digest mismatch) is returned rather than thrown, so
    /// that the caller reports it after everything the layer held before it, in layer order.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    internal static async Task<ExceptionDispatchInfo?> ReadInTurnAsync(Stream layerTar, LayerTurn turn, IFileContentStore store,
        CancellationToken cancellationToken)
    {
        var layer = new FailureTrackingStream(layerTar);
        try
        {
            await using var reader = new LayerTarReader(layer, turn.LayerName);
            while (await reader.NextAsync(cancellationToken) is { } entry)
            {
                var content = await StoreAsync(entry, turn.LayerName, store, cancellationToken);
                turn.Add(entry with { Data = null }, content);
            }
            await reader.DrainAsync(cancellationToken);
            return null;
        }
        catch (D2lException error) when (IsAboutTheBytes(error))
        {
            return await CauseAsync(layer, error, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return ExceptionDispatchInfo.Capture(error);
        }
    }

    // An error found in the layer's bytes (as a tar, or by the layer rules) names no setting; one that does,
    // such as a filesystem too small for the disk size asked for, is no reason to read the rest of the layer,
    // which for a decompression bomb would mean inflating all of it.
    private static bool IsAboutTheBytes(D2lException error) => error.Kind == FailureKind.BadInput && error.Setting is null;

    // Decompressors check their data only at the end of a block or stream (bzip2 a block's CRC after handing
    // out the whole block, which a truncated stream fills with garbage; gzip, xz and zstd their trailers), so
    // bytes that make no sense as a tar may come before the decompressor's own error. The rest of the layer
    // is read then: a failure of the stream beneath is the cause and is reported instead, whatever the codec.
    private static async Task<ExceptionDispatchInfo> CauseAsync(FailureTrackingStream layer, D2lException found,
        CancellationToken cancellationToken) =>
        ExceptionDispatchInfo.Capture(await layer.FailureOfRestAsync(cancellationToken) ?? found);

    // Checks what can be checked from the entry alone, then stores a regular file's data (whiteouts and
    // hard links have none that counts).
    private static async ValueTask<FileContent?> StoreAsync(LayerTarEntry entry, string layerName, IFileContentStore store,
        CancellationToken cancellationToken)
    {
        if (entry.Name.Contains('\0') || entry.LinkName.Contains('\0'))
        {
            // Only a PAX record can carry one; no Linux name or link target can hold it.
            throw D2lException.BadInput(layerName, $"'{entry.Name}': a name or link target holds a NUL byte");
        }
        // The components as FileTree.SplitPath gives them, walked without allocating: this runs for every entry.
        var path = entry.Name.AsSpan();
        ReadOnlySpan<char> last = default;
        string? longName = null;
        foreach (var range in path.Split('/'))
        {
            var part = path[range];
            if (part is "..")
            {
                throw D2lException.BadInput(layerName, $"'{entry.Name}' climbs out of the root with '..'");
            }
            if (!part.IsEmpty && part is not ".")
            {
                longName ??= Encoding.UTF8.GetByteCount(part) > MaxNameBytes ? part[..20].ToString() : null;
                last = part;
            }
        }
        if (longName is not null)
        {
            throw D2lException.BadInput(layerName, $"'{entry.Name}': a name is longer than {MaxNameBytes} bytes ('{longName}…')");
        }
        if (entry.Kind != NodeKind.RegularFile || entry.IsHardLink || last.IsEmpty
            || last.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return await store.AddAsync(entry.Data ?? Stream.Null, entry.Length, cancellationToken);
        }
        catch (EndOfStreamException error)
        {
            // The header's size promises more bytes than the archive holds.
            throw D2lException.BadInput(layerName, $"'{entry.Name}': truncated (the tar ends inside its {entry.Length} bytes of data)", error);
        }
    }

    /// <summary>Applies entries of one layer to the tree, one at a time, in tar order.</summary>
    internal sealed class Context(FileTree tree, int layer, string layerName, IFileContentStore store)
    {
        /// <summary>Applies one entry whose data (a regular file's) is already stored as <paramref name="content"/>.</summary>
        public void Apply(LayerTarEntry entry, FileContent? content)
        {
            string path = FileTree.NormalizePath(entry.Name);
            if (path.Length == 0)
            {
                // "./" describes the root itself; it can only merge.
                if (entry.Kind == NodeKind.Directory)
                {
                    SetAttributes(tree.Root, entry);
                }
                return;
            }
            var name = path.AsSpan(path.LastIndexOf('/') + 1);
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                ApplyWhiteout(FileTree.SplitPath(path), name.ToString(), entry);
                return;
            }
            if (entry.IsHardLink)
            {
                Link(path, entry);
                return;
            }
            if (entry.Kind == NodeKind.Directory && tree.Lookup(path) is { Node.Kind: NodeKind.Directory } existing)
            {
                // Dir over dir merges: the children stay, the attributes and the origin are this layer's.
                SetAttributes(existing.Node, entry);
                Parent(path, out string leaf).Entries![leaf] = existing with { Layer = layer };
                return;
            }
            var node = Create(entry, content);
            SetAttributes(node, entry);
            if (!tree.Set(path, node, layer))
            {
                if (node.Content is { } stored)
                {
                    store.Release(stored);
                }
                throw D2lException.BadInput(layerName, $"'{entry.Name}': a parent is not a directory");
            }
        }

        private static FsNode Create(LayerTarEntry entry, FileContent? content)
        {
            switch (entry.Kind)
            {
                case NodeKind.RegularFile:
                    return FsNode.NewFile(content ?? throw new InvalidOperationException($"'{entry.Name}' was not stored"));
                case NodeKind.Directory:
                    return FsNode.NewDirectory();
                case NodeKind.Symlink:
                    return FsNode.NewSymlink(entry.LinkName);
                default:
                    return FsNode.NewSpecial(entry.Kind!.Value, entry.DeviceMajor, entry.DeviceMinor);
            }
        }

        private static void SetAttributes(FsNode node, LayerTarEntry entry)
        {
            // Symlinks keep 0777: Linux ignores their mode and podman exports them that way.
            if (node.Kind != NodeKind.Symlink)
            {
                node.Permissions = entry.Permissions;
            }
            node.Uid = entry.Uid;
            node.Gid = entry.Gid;
            node.ModificationTime = AppliedTime(entry);
            if (node.HasXattrs)
            {
                node.Xattrs.Clear();
            }
            foreach (var (name, value) in entry.Xattrs)
            {
                node.Xattrs[name] = value;
            }
        }

        // Hard links name a node already in the merged tree, which may come from a lower layer.
        private void Link(string path, LayerTarEntry entry)
        {
            var target = FileTree.SplitPath(entry.LinkName);
            if (target.Contains("..") || tree.Lookup(entry.LinkName) is not { } existing)
            {
                throw D2lException.BadInput(layerName, $"hard link '{entry.Name}' to missing '{entry.LinkName}'");
            }
            if (existing.Node.Kind == NodeKind.Directory)
            {
                throw D2lException.BadInput(layerName, $"hard link '{entry.Name}' to directory '{entry.LinkName}'");
            }
            var parent = Parent(path, out string leaf);
            if (parent.Entries!.TryGetValue(leaf, out var current) && ReferenceEquals(current.Node, existing.Node))
            {
                parent.Entries[leaf] = current with { Layer = layer };
            }
            else if (!tree.Set(path, existing.Node, layer))
            {
                throw D2lException.BadInput(layerName, $"'{entry.Name}': a parent is not a directory");
            }
            SetLinkAttributes(existing.Node, entry);
        }

        // moby's and containers/storage's appliers give the inode a hard link shares the link's own header:
        // owner always, mode and time unless the target is a symlink (they chmod and chtimes through the
        // link), extended attributes added to the target's. A link whose header differs from its target's
        // (an upper layer linking a lower file with other metadata) so changes every name of the file.
        private static void SetLinkAttributes(FsNode node, LayerTarEntry entry)
        {
            node.Uid = entry.Uid;
            node.Gid = entry.Gid;
            if (node.Kind != NodeKind.Symlink)
            {
                node.Permissions = entry.Permissions;
                node.ModificationTime = AppliedTime(entry);
            }
            foreach (var (name, value) in entry.Xattrs)
            {
                node.Xattrs[name] = value;
            }
        }

        // podman (containers/storage, like moby) sets times before 1970 to the epoch when it applies a
        // layer; the flattened tree matches podman, not the tar.
        private static FsTimestamp AppliedTime(LayerTarEntry entry) =>
            entry.ModificationTime.Seconds < 0 ? default : entry.ModificationTime;

        private FsNode Parent(string path, out string leaf) =>
            tree.ParentOf(path, layer, create: true, out leaf)
            ?? throw D2lException.BadInput(layerName, $"'{path}': a parent is not a directory");

        private void ApplyWhiteout(List<string> parts, string name, LayerTarEntry entry)
        {
            string directoryPath = string.Join('/', parts[..^1]);
            if (name == OpaqueMarker)
            {
                var directory = parts.Count == 1 ? tree.Root : Parent(string.Join('/', parts), out _);
                RemoveLowerChildren(directory);
                return;
            }
            if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
            {
                return; // AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): not part of the filesystem.
            }
            string hidden = name[WhiteoutPrefix.Length..];
            if (hidden.Length == 0)
            {
                throw D2lException.BadInput(layerName, $"'{entry.Name}': a whiteout without a name");
            }
            var parent = tree.ParentOf(directoryPath + "/" + hidden, -1, create: false, out _);
            if (parent is null || !parent.Entries!.TryGetValue(hidden, out var victim))
            {
                return;
            }
            if (victim.Layer < layer)
            {
                parent.Entries.Remove(hidden);
                tree.Unlink(victim.Node);
            }
            else if (victim.Node.Kind == NodeKind.Directory)
            {
                // Made (or merged) by this layer: it stays, but what lower layers put inside it goes.
                RemoveLowerChildren(victim.Node);
            }
        }

        // Removes every name below the directory made by a lower layer, keeping this layer's names and the
        // directories that lead to them.
        private void RemoveLowerChildren(FsNode directory)
        {
            foreach (var (name, child) in directory.Entries!.ToList())
            {
                bool keep = child.Layer >= layer || (child.Node.Kind == NodeKind.Directory && HoldsThisLayer(child.Node));
                if (!keep)
                {
                    directory.Entries!.Remove(name);
                    tree.Unlink(child.Node);
                }
                else if (child.Node.Kind == NodeKind.Directory)
                {
                    RemoveLowerChildren(child.Node);
                }
            }
        }

        private bool HoldsThisLayer(FsNode directory) =>
            directory.Entries!.Values.Any(child => child.Layer >= layer
                || (child.Node.Kind == NodeKind.Directory && HoldsThisLayer(child.Node)));
    }
}
