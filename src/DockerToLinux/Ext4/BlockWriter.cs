using System.Runtime.InteropServices;
using DockerToLinux.Disks;

namespace DockerToLinux.Ext4;

/// <summary>
/// A write-behind buffer over the partition: consecutive block writes are gathered into one large write,
/// because data and metadata are mostly placed by a sequential sweep.
/// </summary>
internal sealed class BlockWriter(IDiskTarget target)
{
    private const int BufferBytes = 4 << 20;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferBytes);
    private long _startBlock;
    private int _used;

    /// <summary>The partition being written.</summary>
    public IDiskTarget Target => target;

    /// <summary>Writes whole blocks at <paramref name="block"/> (the length must be a multiple of the block size).</summary>
    public async ValueTask WriteAsync(long block, ReadOnlyMemory<byte> blocks, CancellationToken cancellationToken)
    {
        if (_used > 0 && block != _startBlock + _used / Ext4Geometry.BlockSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_used == 0)
        {
            _startBlock = block;
            if (blocks.Length >= BufferBytes)
            {
                await target.WriteAsync(block * Ext4Geometry.BlockSize, blocks, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        if (MemoryMarshal.TryGetArray(blocks, out var segment) && segment.Array == _buffer && segment.Offset == _used)
        {
            // Filled in place through Reserve and already where it belongs: nothing to copy.
            _used += blocks.Length;
            if (_used == BufferBytes)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        while (blocks.Length > 0)
        {
            int take = Math.Min(blocks.Length, BufferBytes - _used);
            blocks.Span[..take].CopyTo(_buffer.AsSpan(_used));
            _used += take;
            blocks = blocks[take..];
            if (_used == BufferBytes)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Free space at the end of the buffer (flushing first if there is too little) for the caller to read
    /// file data into, so data goes from the layer to the disk with one copy less. The bytes count only once
    /// passed to <see cref="WriteAsync"/>, in order and without any other write in between; a slice written
    /// elsewhere is moved towards the buffer's start, which never overwrites the part not yet written.
    /// </summary>
    /// <param name="bytes">At most a quarter of the buffer.</param>
    /// <param name="cancellationToken">Stops the flush that may be needed.</param>
    public async ValueTask<Memory<byte>> ReserveAsync(int bytes, CancellationToken cancellationToken)
    {
        if (bytes > BufferBytes / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "at most a quarter of the write-behind buffer");
        }
        if (BufferBytes - _used < bytes)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return _buffer.AsMemory(_used, bytes);
    }

    /// <summary>Writes out whatever is buffered.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used == 0)
        {
            return;
        }
        long offset = _startBlock * Ext4Geometry.BlockSize;
        int used = _used;
        _startBlock += used / Ext4Geometry.BlockSize;
        _used = 0;
        await target.WriteAsync(offset, _buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
    }
}
