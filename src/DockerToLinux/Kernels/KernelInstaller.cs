using System.Formats.Tar;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Copies a kernel image's kernel, initramfs and modules into the disk's tree as a <see cref="KernelInstallPlan"/>
/// says, streaming each file from the kernel image's store into the disk's. Files keep their modes, owners and
/// times, symlinks stay symlinks and hard links stay links; folders the disk lacks on the way are made as
/// root's, 0755, at the build's time.
/// </summary>
public static class KernelInstaller
{
    private const int Layer = TreeFiles.GeneratedLayer;

    /// <summary>Copies what <paramref name="plan"/> marks for copying.</summary>
    /// <param name="image">The kernel image.</param>
    /// <param name="plan">Where its files go.</param>
    /// <param name="tree">The disk's tree.</param>
    /// <param name="store">The disk's content store.</param>
    /// <param name="time">The time of folders made on the way.</param>
    /// <param name="cancellationToken">Cancels copying.</param>
    public static async Task InstallAsync(LoadedKernelImage image, KernelInstallPlan plan, FileTree tree, IFileContentStore store,
        FsTimestamp time, CancellationToken cancellationToken)
    {
        var kernel = image.Kernel;
        if (plan.CopyKernel)
        {
            await CopyFileAsync(image, kernel.KernelPath, tree, store, plan.KernelPath, time, cancellationToken).ConfigureAwait(false);
        }
        if (plan.CopyInitramfs)
        {
            await CopyFileAsync(image, kernel.InitramfsPath!, tree, store, plan.InitramfsPath!, time, cancellationToken).ConfigureAwait(false);
        }
        if (plan.CopyModules && kernel.Modules is { } modules)
        {
            TreeFiles.EnsureDirectory(tree, ParentOf(plan.ModulesPath!), time);
            var copy = new TreeCopy(tree, store, plan.ModulesPath!);
            if (modules.Kind == ModuleTreeKind.Directory)
            {
                await copy.FromTreeAsync(image.Tree, image.Store, modules.SourcePath, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var tar = image.Store.OpenRead(image.Tree.Resolve(modules.SourcePath)!.Content!);
                await copy.FromTarAsync(tar, modules.MemberPrefix, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyFileAsync(LoadedKernelImage image, string sourcePath, FileTree tree, IFileContentStore store,
        string targetPath, FsTimestamp time, CancellationToken cancellationToken)
    {
        var source = image.Tree.Resolve(sourcePath)!;
        TreeFiles.EnsureDirectory(tree, ParentOf(targetPath), time);
        await using var bytes = image.Store.OpenRead(source.Content!);
        var node = FsNode.NewFile(await store.AddAsync(bytes, source.Content!.Length, cancellationToken).ConfigureAwait(false));
        node.CopyAttributesFrom(source);
        tree.Set(targetPath, node, Layer);
    }

    private static string ParentOf(string path) => path[..path.LastIndexOf('/')] is { Length: > 0 } parent ? parent : "/";

    // One folder's copy: every source node becomes one target node, so a second name of a node (a hard link)
    // becomes a second name of the copy.
    private sealed class TreeCopy(FileTree tree, IFileContentStore store, string targetRoot)
    {
        private readonly Dictionary<FsNode, FsNode> _copies = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, FsNode> _byMember = new(StringComparer.Ordinal);

        public async Task FromTreeAsync(FileTree source, IFileContentStore sourceStore, string sourceRoot, CancellationToken cancellationToken)
        {
            var root = source.Resolve(sourceRoot)!;
            var rootCopy = FsNode.NewDirectory();
            rootCopy.CopyAttributesFrom(root);
            tree.Set(targetRoot, rootCopy, Layer);
            var pending = new Stack<(string Relative, FsNode Directory)>();
            pending.Push((string.Empty, root));
            while (pending.Count > 0)
            {
                var (relative, directory) = pending.Pop();
                foreach (var (name, entry) in directory.Entries!.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    string path = $"{relative}/{name}";
                    var node = entry.Node;
                    if (!_copies.TryGetValue(node, out var copy))
                    {
                        copy = await CopyNodeAsync(node, sourceStore, cancellationToken).ConfigureAwait(false);
                        _copies[node] = copy;
                    }
                    tree.Set(targetRoot + path, copy, Layer);
                    if (node.Kind == NodeKind.Directory)
                    {
                        pending.Push((path, node));
                    }
                }
            }
        }

        public async Task FromTarAsync(Stream tar, string memberPrefix, FsTimestamp time, CancellationToken cancellationToken)
        {
            TreeFiles.EnsureDirectory(tree, targetRoot, time);
            await using var reader = new TarReader(tar);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                string name = string.Join('/', FileTree.SplitPath(entry.Name));
                if (!name.StartsWith(memberPrefix, StringComparison.Ordinal) || FileTree.SplitPath(name).Contains(".."))
                {
                    continue;
                }
                string relative = name[memberPrefix.Length..];
                string path = relative.Length == 0 ? targetRoot : $"{targetRoot}/{relative}";
                FsNode node;
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        node = TreeFiles.EnsureDirectory(tree, path, time);
                        break;
                    case TarEntryType.SymbolicLink:
                        node = FsNode.NewSymlink(entry.LinkName);
                        break;
                    case TarEntryType.HardLink when _byMember.TryGetValue(string.Join('/', FileTree.SplitPath(entry.LinkName)), out var linked):
                        tree.Set(path, linked, Layer);
                        continue;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        var data = entry.DataStream ?? Stream.Null;
                        node = FsNode.NewFile(await store.AddAsync(data, entry.Length, cancellationToken).ConfigureAwait(false));
                        break;
                    default:
                        continue;
                }
                node.Permissions = (int)entry.Mode;
                node.Uid = entry.Uid;
                node.Gid = entry.Gid;
                node.ModificationTime = FsTimestamp.FromDateTimeOffset(entry.ModificationTime);
                if (entry.EntryType != TarEntryType.Directory)
                {
                    tree.Set(path, node, Layer);
                }
                _byMember[name] = node;
            }
        }

        private async Task<FsNode> CopyNodeAsync(FsNode node, IFileContentStore sourceStore, CancellationToken cancellationToken)
        {
            FsNode copy;
            switch (node.Kind)
            {
                case NodeKind.Directory:
                    copy = FsNode.NewDirectory();
                    break;
                case NodeKind.Symlink:
                    copy = FsNode.NewSymlink(node.LinkTarget!);
                    break;
                case NodeKind.RegularFile when node.Content is null:
                    copy = FsNode.NewFile(await store.AddAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false));
                    break;
                case NodeKind.RegularFile:
                    await using (var bytes = sourceStore.OpenRead(node.Content))
                    {
                        copy = FsNode.NewFile(await store.AddAsync(bytes, node.Content.Length, cancellationToken).ConfigureAwait(false));
                    }
                    break;
                default:
                    copy = FsNode.NewSpecial(node.Kind, node.DeviceMajor, node.DeviceMinor);
                    break;
            }
            copy.CopyAttributesFrom(node);
            return copy;
        }
    }
}
