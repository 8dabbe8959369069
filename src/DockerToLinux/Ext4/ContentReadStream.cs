using DockerToLinux.Disks;

namespace DockerToLinux.Ext4;

/// <summary>
/// Reads stored content back from the partition, holes as zeros. The builder's write-behind buffer is
/// flushed before the first read so that the partition holds everything written so far.
/// </summary>
internal sealed class ContentReadStream(Ext4Content content, IDiskTarget target, Func<CancellationToken, ValueTask> flush)
    : Stream
{
    private bool _flushed;
    private long _position;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => content.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (content.Released)
        {
            throw new ObjectDisposedException(nameof(ContentReadStream), "the content was released");
        }
        if (!_flushed)
        {
            await flush(cancellationToken).ConfigureAwait(false);
            _flushed = true;
        }
        int count = (int)Math.Min(buffer.Length, Math.Max(0, content.Length - _position));
        if (count == 0)
        {
            return 0;
        }
        long block = _position / Ext4Geometry.BlockSize;
        int within = (int)(_position % Ext4Geometry.BlockSize);
        var extent = Find(block, out long nextStart);
        if (extent is { } mapped)
        {
            long available = (mapped.Logical + mapped.Length - block) * Ext4Geometry.BlockSize - within;
            count = (int)Math.Min(count, available);
            long offset = (mapped.Physical + block - mapped.Logical) * Ext4Geometry.BlockSize + within;
            await target.ReadAsync(offset, buffer[..count], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            count = (int)Math.Min(count, nextStart * Ext4Geometry.BlockSize - _position);
            buffer.Span[..count].Clear();
        }
        _position += count;
        return count;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => content.Length + offset,
        };
        return _position;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // Binary search for the extent holding the block; otherwise the start of the next one (or a block past the end).
    private Extent? Find(long block, out long nextStart)
    {
        var extents = content.Extents;
        int low = 0, high = extents.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            var extent = extents[middle];
            if (block < extent.Logical)
            {
                high = middle - 1;
            }
            else if (block >= extent.Logical + extent.Length)
            {
                low = middle + 1;
            }
            else
            {
                nextStart = 0;
                return extent;
            }
        }
        nextStart = low < extents.Count ? extents[low].Logical : long.MaxValue / Ext4Geometry.BlockSize;
        return null;
    }
}
