namespace DockerToLinux.Images;

/// <summary>
/// Gives back bytes already read (the magic number used to detect compression) before the rest of a
/// non-seekable stream, so detection never needs a second read of the blob.
/// </summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ForwardReadStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _position;

    // Readable because SharpCompress's xz decoder asks where it is to find block padding.
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            int read = rest.Read(buffer);
            _position += read;
            return read;
        }
        int taken = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..taken].CopyTo(buffer);
        _prefix = _prefix[taken..];
        _position += taken;
        return taken;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            int read = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += read;
            return read;
        }
        return Read(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }
        base.Dispose(disposing);
    }
}
