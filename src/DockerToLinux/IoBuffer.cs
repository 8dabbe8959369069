using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace DockerToLinux;

/// <summary>
/// A large buffer for streaming I/O (read-ahead chunks, pipe segments, write-behind buffers): page-aligned,
/// outside the garbage-collected heap, and reused for the life of the process once returned. On Linux it is
/// carved from mappings that ask for transparent huge pages.
/// </summary>
/// <remarks>
/// Why not pinned arrays: a build touches a few dozen megabytes of such buffers, and on virtual machines the
/// first touch of a 4 KiB page can be expensive (tens of microseconds, where one 2 MiB huge page costs far less
/// per byte); and pinned arrays count towards the collector's budget, so they trigger full collections that
/// stop every thread, the decompressor included.
/// Returning a buffer while a read or write still uses it would corrupt that I/O: owners return theirs only
/// once nothing can touch them any more, and a buffer never returned is merely not reused.
/// </remarks>
internal sealed unsafe partial class IoBuffer : MemoryManager<byte>
{
    /// <summary>What the address and length of every buffer are multiples of (what <c>O_DIRECT</c> needs).</summary>
    public const int Alignment = 4096;

    private const int HugePage = 2 * Units.MiB;
    private const int SlabBytes = 32 * Units.MiB;
    private static readonly ConcurrentDictionary<int, ConcurrentBag<IoBuffer>> FreeBySize = new();
    private static readonly Lock SlabLock = new();
    private static byte* _slab;
    private static int _slabLeft;

    private readonly byte* _pointer;
    private readonly int _length;
    private int _rented;

    private IoBuffer(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    /// <summary>A buffer of at least <paramref name="bytes"/> bytes (rounded up to <see cref="Alignment"/>), contents undefined.</summary>
    public static IoBuffer Rent(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        int length = (int)((bytes + (long)Alignment - 1) / Alignment * Alignment);
        if (!FreeBySize.GetOrAdd(length, _ => []).TryTake(out var buffer))
        {
            buffer = new IoBuffer(Carve(length), length);
        }
        buffer._rented = 1;
        return buffer;
    }

    /// <summary>The buffer's bytes.</summary>
    public int Length => _length;

    /// <summary>Gives the buffer back for reuse; later calls do nothing. Nothing may use it afterwards.</summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _rented, 0) == 1)
        {
            FreeBySize[_length].Add(this);
        }
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() => new(_pointer, _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        // Native memory never moves: nothing to pin.
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <summary>Returns the buffer (a pipe disposes the segments it rented).</summary>
    protected override void Dispose(bool disposing) => Return();

    // Buffers are cut one after another from large slabs, so that they fill whole huge pages.
    private static byte* Carve(int length)
    {
        lock (SlabLock)
        {
            if (length > SlabBytes)
            {
                return MapSlab(length);
            }
            if (_slabLeft < length)
            {
                // The rest of the old slab is address space that was never touched: it costs no memory.
                _slab = MapSlab(SlabBytes);
                _slabLeft = SlabBytes;
            }
            byte* buffer = _slab;
            _slab += length;
            _slabLeft -= length;
            return buffer;
        }
    }

    private static byte* MapSlab(int length)
    {
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
        {
            const int ReadWrite = 1 | 2, PrivateAnonymous = 0x02 | 0x20, HugePageAdvice = 14;
            nint mapped = Mmap(0, (nuint)(length + HugePage), ReadWrite, PrivateAnonymous, -1, 0);
            if (mapped != -1)
            {
                byte* aligned = (byte*)((mapped + HugePage - 1) & ~(nint)(HugePage - 1));
                // Without transparent huge pages (or with them switched off) this fails and 4 KiB pages it is.
                _ = Madvise(aligned, (nuint)length, HugePageAdvice);
                return aligned;
            }
        }
        return (byte*)NativeMemory.AlignedAlloc((nuint)length, Alignment);
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(byte* address, nuint length, int advice);
}
