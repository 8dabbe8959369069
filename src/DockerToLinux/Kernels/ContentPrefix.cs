using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>Reads the first bytes of a file in a tree, which is all the format checks here look at.</summary>
internal static class ContentPrefix
{
    /// <summary>Up to <paramref name="maxBytes"/> leading bytes of the regular file at <paramref name="path"/>; empty if it is none.</summary>
    public static async Task<byte[]> ReadAsync(FileTree tree, IFileContentStore store, string path, int maxBytes,
        CancellationToken cancellationToken)
    {
        if (tree.Resolve(path) is not { Kind: NodeKind.RegularFile, Content: { } content })
        {
            return [];
        }
        var bytes = new byte[(int)Math.Min(content.Length, maxBytes)];
        await using var stream = store.OpenRead(content);
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }
}
