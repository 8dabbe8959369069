using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>
/// Reads boot code that d2l never ships: from the image's own files first, then from this machine at the
/// same path, so the boot code matches the image's distribution whenever the image has it.
/// </summary>
/// <param name="hostRoot">Where this machine's files are looked up; "/" except in tests.</param>
public sealed class BootFileReader(string hostRoot = "/")
{
    /// <summary>Reads <paramref name="path"/> from the image, else from this machine; null if neither has it.</summary>
    /// <param name="tree">The image's root filesystem.</param>
    /// <param name="store">Where the tree's file bytes are.</param>
    /// <param name="path">Absolute path, the same in the image and on this machine.</param>
    /// <param name="maxSize">Larger files are not the file looked for and are skipped.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public async Task<(byte[] Bytes, BootCodeOrigin Origin)?> ReadAsync(FileTree tree, IFileContentStore store, string path,
        long maxSize, CancellationToken cancellationToken)
    {
        if (tree.Resolve(path) is { Kind: NodeKind.RegularFile, Content: { } content } && content.Length <= maxSize)
        {
            var bytes = new byte[content.Length];
            await using var stream = store.OpenRead(content);
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return (bytes, new BootCodeOrigin(true, path));
        }
        string hostPath = HostPath(path);
        var info = new FileInfo(hostPath);
        if (!info.Exists || info.Length > maxSize)
        {
            return null;
        }
        return (await File.ReadAllBytesAsync(hostPath, cancellationToken).ConfigureAwait(false), new BootCodeOrigin(false, path));
    }

    /// <summary>Where <paramref name="path"/> is on this machine.</summary>
    public string HostPath(string path) => Path.Combine(hostRoot, path.TrimStart('/'));
}
