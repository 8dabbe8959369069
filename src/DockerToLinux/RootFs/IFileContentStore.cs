namespace DockerToLinux.RootFs;

/// <summary>
/// Where file data goes while layers stream: the ext4 writer places it straight into its final blocks;
/// tests use an in-memory store. Flattening never holds a file's bytes itself.
/// </summary>
public interface IFileContentStore
{
    /// <summary>Reads exactly <paramref name="length"/> bytes from <paramref name="source"/> and stores them.</summary>
    /// <exception cref="EndOfStreamException">The source ended early.</exception>
    ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken);

    /// <summary>Stores bytes held in memory (small generated files such as /etc/hostname).</summary>
    ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Stores bytes at a fixed place with every block allocated and no holes, for boot loaders that record
    /// the file's sectors (extlinux's ldlinux.sys). <see cref="GetSectors"/> then tells where they are.
    /// </summary>
    ValueTask<FileContent> AddPinnedAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// The 512-byte sectors that hold pinned content, in file order, numbered from the start of the
    /// filesystem (partition-relative LBAs).
    /// </summary>
    IReadOnlyList<long> GetSectors(FileContent content);

    /// <summary>Rewrites pinned content in place with bytes of the same length.</summary>
    ValueTask OverwriteAsync(FileContent content, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Opens stored content for reading.</summary>
    Stream OpenRead(FileContent content);

    /// <summary>
    /// Gives back content whose last name was removed (a later layer deleted or replaced the file). Its
    /// blocks are reused or zeroed, so a deleted secret cannot be read from the disk.
    /// </summary>
    void Release(FileContent content);
}
