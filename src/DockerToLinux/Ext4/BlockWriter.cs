using System.Runtime.InteropServices;
using DockerToLinux.Disks;

namespace DockerToLinux.Ext4;

/// <summary>
/// A write-behind buffer over the partition: consecutive block writes are gathered into one large write,
/// because data and metadata are mostly placed by a sequential sweep. Two buffers take turns: while one is
/// being written (the kernel's copy into the page cache is a large share of a build's CPU time), the caller
/// fills the other, so writing overlaps with reading the layers instead of following it.
/// </summary>
internal sealed class BlockWriter(IDiskTarget target)
{
    private const int BufferBytes = 4 * Units.MiB;
    // Page-aligned, so that a raw disk can take them as direct writes (see DirectWriter); rented when needed
    // and returned whenever the writer is flushed, so that layers written one after another share them.
    private readonly IoBuffer?[] _buffers = new IoBuffer?[2];
    private int _current;
    // The write of the other buffer, if one is under way; at most one write runs at a time, so the target
    // never sees two at once and the caller never touches a buffer being written.
    private Task _inFlight = Task.CompletedTask;
    private long _startBlock;
    private int _used;

    private IoBuffer CurrentBuffer => _buffers[_current] ??= IoBuffer.Rent(BufferBytes);

    /// <summary>The partition being written.</summary>
    public IDiskTarget Target => target;

    /// <summary>Writes whole blocks at <paramref name="block"/> (the length must be a multiple of the block size).</summary>
    public async ValueTask WriteAsync(long block, ReadOnlyMemory<byte> blocks, CancellationToken cancellationToken)
    {
        if (_used > 0 && block != _startBlock + _used / Ext4Geometry.BlockSize)
        {
            await SubmitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_used == 0)
        {
            _startBlock = block;
            if (blocks.Length >= BufferBytes)
            {
                // The caller's own memory, which it may reuse at once: written before returning.
                await _inFlight.ConfigureAwait(false);
                await target.WriteAsync(block * Ext4Geometry.BlockSize, blocks, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        if (MemoryMarshal.TryGetMemoryManager(blocks, out IoBuffer? owner, out int start, out _) && owner == _buffers[_current] && start == _used)
        {
            // Filled in place through Reserve and already where it belongs: nothing to copy.
            _used += blocks.Length;
            if (_used == BufferBytes)
            {
                await SubmitAsync(cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        while (blocks.Length > 0)
        {
            int take = Math.Min(blocks.Length, BufferBytes - _used);
            blocks.Span[..take].CopyTo(CurrentBuffer.GetSpan()[_used..]);
            _used += take;
            blocks = blocks[take..];
            if (_used == BufferBytes)
            {
                await SubmitAsync(cancellationToken).ConfigureAwait(false);
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
            await SubmitAsync(cancellationToken).ConfigureAwait(false);
        }
        return CurrentBuffer.Memory.Slice(_used, bytes);
    }

    /// <summary>
    /// Writes out whatever is buffered and waits until every write has reached the target, so that reads
    /// from the target and writes that bypass this buffer see and follow them.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await SubmitAsync(cancellationToken).ConfigureAwait(false);
        await _inFlight.ConfigureAwait(false);
        // Nothing is buffered or being written: the buffers can serve another writer until this one needs them.
        for (int i = 0; i < _buffers.Length; i++)
        {
            _buffers[i]?.Return();
            _buffers[i] = null;
        }
    }

    // Starts writing the current buffer and switches to the other one, once the other's write has finished.
    private async ValueTask SubmitAsync(CancellationToken cancellationToken)
    {
        if (_used == 0)
        {
            return;
        }
        await _inFlight.ConfigureAwait(false);
        long offset = _startBlock * Ext4Geometry.BlockSize;
        var data = CurrentBuffer.Memory[.._used];
        _startBlock += _used / Ext4Geometry.BlockSize;
        _used = 0;
        _current ^= 1;
        _inFlight = target.WriteAsync(offset, data, cancellationToken).AsTask();
    }
}
