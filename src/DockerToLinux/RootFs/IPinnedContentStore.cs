namespace DockerToLinux.RootFs;

/// <summary>
/// A content store that can also place a file's bytes at sectors that never move, for boot loaders whose
/// boot sector records where their second stage is (extlinux's ldlinux.sys). Only a store that writes the
/// real filesystem has such sectors, so only the boot stage asks for this.
/// </summary>
public interface IPinnedContentStore : IFileContentStore
{
    /// <summary>
    /// Stores bytes at a fixed place with every block allocated and no holes. <see cref="GetSectors"/> then
    /// tells where they are.
    /// </summary>
    ValueTask<FileContent> AddPinnedAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// The 512-byte sectors that hold pinned content, in file order, numbered from the start of the
    /// filesystem (partition-relative LBAs).
    /// </summary>
    IReadOnlyList<long> GetSectors(FileContent content);

    /// <summary>Rewrites pinned content in place with bytes of the same length.</summary>
    ValueTask OverwriteAsync(FileContent content, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
