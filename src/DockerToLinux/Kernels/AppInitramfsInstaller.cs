using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>Writes an app VM's <see cref="AppInitramfs"/> into the disk's tree where the boot loader reads the initramfs.</summary>
internal static class AppInitramfsInstaller
{
    private const int ReadableMode = 0b110_100_100;

    /// <summary>
    /// Writes the initramfs to <paramref name="path"/>, spooled through a file in <paramref name="spoolFolder"/> so
    /// that its length is known before the disk's store takes it.
    /// </summary>
    public static async Task InstallAsync(LoadedKernelImage image, ModuleDependencies dependencies, FileTree tree, IFileContentStore store,
        string path, FsTimestamp time, string spoolFolder, CancellationToken cancellationToken)
    {
        string spoolPath = Path.Combine(spoolFolder, $".d2l-initramfs-{Guid.NewGuid():N}");
        await using var spool = new FileStream(spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await AppInitramfs.WriteAsync(image, dependencies, spool, time, cancellationToken).ConfigureAwait(false);
        long length = spool.Length;
        spool.Position = 0;
        TreeFiles.EnsureDirectory(tree, path[..path.LastIndexOf('/')] is { Length: > 0 } parent ? parent : "/", time);
        var node = FsNode.NewFile(await store.AddAsync(spool, length, cancellationToken).ConfigureAwait(false), ReadableMode);
        node.ModificationTime = time;
        tree.Set(path, node, TreeFiles.GeneratedLayer);
    }
}
