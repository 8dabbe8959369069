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

    /// <summary>Opens stored content for reading.</summary>
    Stream OpenRead(FileContent content);

    /// <summary>
    /// Gives back content whose last name was removed (a later layer deleted or replaced the file). Its
    /// blocks are reused or zeroed, so a deleted secret cannot be read from the disk.
    /// </summary>
    void Release(FileContent content);
}
