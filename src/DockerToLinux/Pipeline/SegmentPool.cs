using System.Buffers;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Pipe segments of one fixed size, taken from the process's <see cref="IoBuffer"/>s: the shared array pool
/// kept handing the read-ahead fresh arrays (rented on the decompressing thread, returned on the flattening
/// one), so every segment cost an allocation, its zeroing and its page faults. The pipe returns each segment
/// by disposing it, and the pipes bound how many are in flight.
/// </summary>
internal sealed class SegmentPool(int segmentBytes) : MemoryPool<byte>
{
    /// <inheritdoc />
    public override int MaxBufferSize => segmentBytes;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > segmentBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), $"at most {segmentBytes} bytes per segment");
        }
        return IoBuffer.Rent(segmentBytes);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The segments belong to the pipes until they return them.
    }
}
