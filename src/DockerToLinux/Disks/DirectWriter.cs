using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks;

/// <summary>
/// A second handle on an output file, opened with <c>O_DIRECT</c>, for the large aligned writes that carry
/// file data. Buffered writes make the kernel copy every byte into the page cache, a large share of a build's
/// CPU time that competes with decompression on the same cores; direct writes go from our buffer to the
/// device. Used only where it helps: on Linux, for writes aligned to <see cref="Alignment"/>, and only
/// while the device keeps up; anything else (another OS, a filesystem that refuses <c>O_DIRECT</c>, a slow
/// disk where the page cache would hide the latency) takes the ordinary buffered path.
/// </summary>
internal sealed partial class DirectWriter : IDisposable
{
    /// <summary>What offsets, lengths and buffer addresses must be multiples of.</summary>
    public const int Alignment = IoBuffer.Alignment;

    // Smaller writes are metadata and odd pieces: not worth a device round trip.
    private const int MinimumBytes = Units.MiB;
    // Below this rate the page cache is the better deal: writeback happens after d2l has finished.
    private const double MinimumBytesPerSecond = 400e6;
    private const int WritesBeforeJudging = 8;

    private readonly SafeFileHandle _handle;
    private long _bytes;
    private long _ticks;
    private int _writes;
    private int _inFlight;
    private long _busySince;
    private volatile bool _disabled;

    private DirectWriter(SafeFileHandle handle) => _handle = handle;

    /// <summary>Opens <paramref name="path"/> (which must exist) for direct writes, or returns null where that is not possible.</summary>
    public static DirectWriter? TryOpen(string path)
    {
        int flag = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x4000,
            Architecture.Arm64 => 0x10000,
            _ => 0,
        };
        if (!OperatingSystem.IsLinux() || flag == 0 || Environment.GetEnvironmentVariable("D2L_DIRECT_IO") == "0")
        {
            return null;
        }
        const int WriteOnly = 1, CloseOnExec = 0x80000;
        int fd = Open(path, WriteOnly | CloseOnExec | flag);
        return fd < 0 ? null : new DirectWriter(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> directly if it qualifies; false means the
    /// caller must write it the ordinary way (nothing was written).
    /// </summary>
    public async ValueTask<bool> TryWriteAsync(ReadOnlyMemory<byte> data, long offset, CancellationToken cancellationToken)
    {
        if (_disabled || data.Length < MinimumBytes || offset % Alignment != 0 || data.Length % Alignment != 0 || !IsAligned(data))
        {
            return false;
        }
        Begin();
        try
        {
            await RandomAccess.WriteAsync(_handle, data, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // EINVAL and the like: this filesystem or device does not take direct writes after all. A direct
            // write either fails whole before any byte lands or succeeds, and the buffered retry rewrites it all.
            _disabled = true;
            End(0);
            return false;
        }
        End(data.Length);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    // The rate is bytes over the time at least one direct write was under way: layers written in parallel
    // overlap their writes, and each one alone would look twice as slow as the device is.
    private void Begin()
    {
        lock (_handle)
        {
            if (_inFlight++ == 0)
            {
                _busySince = Stopwatch.GetTimestamp();
            }
        }
    }

    private void End(long bytes)
    {
        lock (_handle)
        {
            _bytes += bytes;
            if (--_inFlight == 0)
            {
                _ticks += Stopwatch.GetTimestamp() - _busySince;
            }
            if (bytes > 0 && ++_writes >= WritesBeforeJudging && _inFlight == 0
                && _bytes / ((double)_ticks / Stopwatch.Frequency) < MinimumBytesPerSecond)
            {
                _disabled = true;
            }
        }
    }

    private static unsafe bool IsAligned(ReadOnlyMemory<byte> data)
    {
        using var pin = data.Pin();
        return (nint)pin.Pointer % Alignment == 0;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
