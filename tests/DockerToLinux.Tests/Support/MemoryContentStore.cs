using DockerToLinux.RootFs;

namespace DockerToLinux.Tests.Support;

/// <summary>
/// An <see cref="IPinnedContentStore"/> that keeps content in memory, for stage tests that do not write ext4.
/// Pinned content gets made-up consecutive sectors.
/// </summary>
public sealed class MemoryContentStore : IPinnedContentStore
{
    private long _nextSector = 2048;

    /// <summary>Content released so far (deleted or replaced files).</summary>
    public List<FileContent> Released { get; } = [];

    /// <summary>The bytes of stored content.</summary>
    public static byte[] Bytes(FileContent content) => ((MemoryContent)content).Data;

    /// <inheritdoc />
    /// <remarks>Reads in chunks, so a size field far larger than the data ends in EndOfStreamException, as the
    /// contract says, instead of allocating what the size promises.</remarks>
    public async ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        var data = new MemoryStream();
        var chunk = new byte[81920];
        for (long remaining = length; remaining > 0;)
        {
            int read = await source.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"the data ended {remaining} bytes early");
            }
            data.Write(chunk, 0, read);
            remaining -= read;
        }
        return new MemoryContent(data.ToArray(), 0);
    }

    /// <inheritdoc />
    public ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        ValueTask.FromResult<FileContent>(new MemoryContent(data.ToArray(), 0));

    /// <inheritdoc />
    public ValueTask<FileContent> AddPinnedAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var content = new MemoryContent(data.ToArray(), _nextSector);
        _nextSector += (data.Length + 4095) / 4096 * 8;
        return ValueTask.FromResult<FileContent>(content);
    }

    /// <inheritdoc />
    public IReadOnlyList<long> GetSectors(FileContent content)
    {
        var memory = (MemoryContent)content;
        return Enumerable.Range(0, (int)((memory.Length + 511) / 512)).Select(i => memory.FirstSector + i).ToList();
    }

    /// <inheritdoc />
    public ValueTask OverwriteAsync(FileContent content, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        data.Span.CopyTo(((MemoryContent)content).Data);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Stream OpenRead(FileContent content) => new MemoryStream(((MemoryContent)content).Data, writable: false);

    /// <inheritdoc />
    public void Release(FileContent content) => Released.Add(content);

    private sealed class MemoryContent(byte[] data, long firstSector) : FileContent
    {
        public byte[] Data { get; } = data;

        public long FirstSector { get; } = firstSector;

        public override long Length => Data.Length;
    }
}
