using System.Buffers;
using System.Collections.Concurrent;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Fixed-size pipe segments that are reused for the whole build. The shared array pool kept handing the
/// read-ahead fresh 128 KiB arrays (rented on the decompressing thread, returned on the flattening one),
/// so every segment cost a large-object allocation, its zeroing and its page faults; the pipes bound how
/// many segments are in flight, so this pool never holds more than that.
/// </summary>
internal sealed class SegmentPool(int segmentBytes) : MemoryPool<byte>
{
    private readonly ConcurrentBag<Segment> _free = [];

    /// <inheritdoc />
    public override int MaxBufferSize => segmentBytes;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > segmentBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), $"at most {segmentBytes} bytes per segment");
        }
        if (!_free.TryTake(out var segment))
        {
            segment = new Segment(this, GC.AllocateUninitializedArray<byte>(segmentBytes));
        }
        segment.Rented = true;
        return segment;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _free.Clear();

    private sealed class Segment(SegmentPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public bool Rented { get; set; }

        public Memory<byte> Memory => array;

        public void Dispose()
        {
            // A segment goes back once however often its owner is disposed, so no two renters share it.
            if (Rented)
            {
                Rented = false;
                pool._free.Add(this);
            }
        }
    }
}
