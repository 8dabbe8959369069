namespace DockerToLinux.Images.Zlib;

/// <summary>
/// The compressed input of .NET's gzip inflater, passed through while the bytes around the last gzip
/// trailer the inflater can have read are kept: the bytes read before the last <see cref="Mark"/> (which
/// the inflater may still hold in its buffer) and the first ones read after it (where a trailer read after
/// the last output lies, before any trailing bytes that start no member). Reads are capped so the inflater
/// never buffers more than the window keeps before the mark.
/// </summary>
internal sealed class GzipInputWindow(Stream compressed) : ForwardReadStream
{
    // Bytes kept after a mark: the trailer, a whole gzip header with its largest extra field (64 KiB), and
    // a read's worth more. Anything read further after the mark is trailing data, not kept.
    private const int AfterMark = 128 * Units.KiB;
    private const int ReadCap = 64 * Units.KiB;

    private readonly byte[] _ring = new byte[2 * AfterMark];
    private long _kept;
    private int _sinceMark;

    /// <summary>Notes that the inflater has produced output: what it reads next starts a new window half.</summary>
    public void Mark() => _sinceMark = 0;

    /// <summary>The kept bytes, oldest first (up to 256 KiB).</summary>
    public byte[] Kept()
    {
        int length = (int)Math.Min(_kept, _ring.Length);
        var kept = new byte[length];
        int start = (int)((_kept - length) % _ring.Length);
        int first = Math.Min(length, _ring.Length - start);
        _ring.AsSpan(start, first).CopyTo(kept);
        _ring.AsSpan(0, length - first).CopyTo(kept.AsSpan(first));
        return kept;
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var capped = buffer[..Math.Min(buffer.Length, ReadCap)];
        int read = compressed.Read(capped);
        Keep(capped[..read]);
        return read;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var capped = buffer[..Math.Min(buffer.Length, ReadCap)];
        int read = await compressed.ReadAsync(capped, cancellationToken).ConfigureAwait(false);
        Keep(capped.Span[..read]);
        return read;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        bytes = bytes[..Math.Min(bytes.Length, AfterMark - _sinceMark)];
        _sinceMark += bytes.Length;
        while (!bytes.IsEmpty)
        {
            int at = (int)(_kept % _ring.Length);
            int step = Math.Min(bytes.Length, _ring.Length - at);
            bytes[..step].CopyTo(_ring.AsSpan(at));
            _kept += step;
            bytes = bytes[step..];
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            compressed.Dispose();
        }
        base.Dispose(disposing);
    }
}
