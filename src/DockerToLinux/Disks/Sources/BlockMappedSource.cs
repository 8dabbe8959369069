using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>
/// The common part of the format readers: the file, the virtual size, and the split of a read into pieces
/// that each fall inside one of the format's blocks (clusters, grains), which the format then locates.
/// </summary>
internal abstract class BlockMappedSource : IDiskSource
{
    /// <summary>Takes ownership of <paramref name="handle"/>.</summary>
    protected BlockMappedSource(SafeFileHandle handle, long size, long blockSize, string description)
    {
        Handle = handle;
        Size = size;
        BlockSize = blockSize;
        Description = description;
    }

    /// <summary>The image file.</summary>
    protected SafeFileHandle Handle { get; }

    /// <summary>Bytes per block of the format.</summary>
    protected long BlockSize { get; }

    /// <inheritdoc />
    public long Size { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public async ValueTask<bool> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset + buffer.Length > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "the read goes beyond the disk");
        }
        bool any = false;
        while (!buffer.IsEmpty)
        {
            long block = offset / BlockSize;
            int inner = (int)(offset % BlockSize);
            int count = (int)Math.Min(buffer.Length, BlockSize - inner);
            any |= await ReadBlockAsync(block, inner, buffer[..count], cancellationToken).ConfigureAwait(false);
            offset += count;
            buffer = buffer[count..];
        }
        return any;
    }

    /// <summary>Fills <paramref name="piece"/> from <paramref name="inner"/> bytes into <paramref name="block"/>; false (and zeros) when unallocated.</summary>
    protected abstract ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        Handle.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
