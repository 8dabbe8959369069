using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks;

/// <summary>
/// A raw disk image written as a sparse file: bytes never written stay holes, and zeroed ranges inside the
/// file become holes again (or are written as zeros where the filesystem cannot punch holes).
/// </summary>
public sealed class RawDiskTarget : IDiskTarget
{
    private readonly SafeFileHandle _handle;
    private readonly DirectWriter? _direct;
    private long _length;
    private int _directWrites;

    /// <summary>Creates (truncating) the file at <paramref name="path"/>.</summary>
    public RawDiskTarget(string path)
    {
        _handle = OutputHandle.CreateEmpty(path);
        _direct = DirectWriter.TryOpen(path);
    }

    /// <summary>How many writes went to the device directly (see <see cref="DirectWriter"/>).</summary>
    internal int DirectWrites => _directWrites;

    /// <inheritdoc />
    /// <remarks>Each write is one positioned write; the length is raised atomically.</remarks>
    public bool AcceptsConcurrentWrites => true;

    /// <inheritdoc />
    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_direct is not null && await _direct.TryWriteAsync(data, offset, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _directWrites);
        }
        else
        {
            await RandomAccess.WriteAsync(_handle, data, offset, cancellationToken).ConfigureAwait(false);
        }
        long end = offset + data.Length;
        for (long seen = Volatile.Read(ref _length); seen < end; seen = Volatile.Read(ref _length))
        {
            if (Interlocked.CompareExchange(ref _length, end, seen) == seen)
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int read = await RandomAccess.ReadAsync(_handle, buffer[done..], offset + done, cancellationToken)
                .ConfigureAwait(false);
            if (read == 0)
            {
                buffer.Span[done..].Clear();
                return;
            }
            done += read;
        }
    }

    /// <inheritdoc />
    public async ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken)
    {
        long end = Math.Min(offset + length, Volatile.Read(ref _length));
        if (end <= offset || HolePuncher.TryPunch(_handle, offset, end - offset))
        {
            return;
        }
        var zeros = new byte[Units.MiB];
        for (long at = offset; at < end; at += zeros.Length)
        {
            int count = (int)Math.Min(zeros.Length, end - at);
            await RandomAccess.WriteAsync(_handle, zeros.AsMemory(0, count), at, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(long size, CancellationToken cancellationToken)
    {
        RandomAccess.SetLength(_handle, size);
        _length = size;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _direct?.Dispose();
        _handle.Dispose();
        return ValueTask.CompletedTask;
    }
}
