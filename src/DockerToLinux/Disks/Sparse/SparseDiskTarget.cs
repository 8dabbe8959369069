using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sparse;

/// <summary>
/// The common part of the sparse format writers: the file, its <see cref="BlockAllocatingFile"/> data area,
/// and the <see cref="IDiskTarget"/> calls that go straight to it. A format adds only its headers and tables,
/// written once the size is known, after the blocks that ended up all zeros have been given up.
/// </summary>
internal abstract class SparseDiskTarget : IDiskTarget
{
    private bool _completed;

    /// <summary>Creates (truncating) the file and its data area.</summary>
    protected SparseDiskTarget(string path, int blockSize, long dataStart, ReadOnlyMemory<byte> blockPrefix)
    {
        Handle = OutputHandle.CreateEmpty(path);
        Data = new BlockAllocatingFile(Handle, blockSize, dataStart, blockPrefix);
    }

    /// <summary>The format file.</summary>
    protected SafeFileHandle Handle { get; }

    /// <summary>The allocated blocks.</summary>
    protected BlockAllocatingFile Data { get; }

    /// <inheritdoc />
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Data.WriteAsync(offset, data, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        Data.ReadAsync(offset, buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken) =>
        Data.ZeroAsync(offset, length, cancellationToken);

    /// <inheritdoc />
    public async ValueTask CompleteAsync(long size, CancellationToken cancellationToken)
    {
        if (_completed)
        {
            throw new InvalidOperationException("the disk is already complete");
        }
        await Data.ReleaseZeroBlocksAsync(cancellationToken).ConfigureAwait(false);
        long lastBlock = (size + Data.BlockSize - 1) / Data.BlockSize;
        if (Data.Blocks.Keys.Any(block => block >= lastBlock))
        {
            throw new InvalidOperationException($"data was written beyond the disk's size of {size} bytes");
        }
        Data.ExtendToEnd();
        await WriteTablesAsync(size, cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    /// <summary>Writes the format's headers, tables and footers for a disk of <paramref name="size"/> bytes.</summary>
    protected abstract ValueTask WriteTablesAsync(long size, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        Handle.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
