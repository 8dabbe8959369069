namespace DockerToLinux.Images;

/// <summary>
/// A read-only, seekable window onto part of a file: how a blob inside an uncompressed archive is read
/// without extracting it. Owns the file handle it reads from.
/// </summary>
internal sealed class SubStream : Stream
{
    private readonly Stream _file;
    private readonly long _start;
    private long _position;

    public SubStream(Stream file, long start, long length)
    {
        _file = file;
        _start = start;
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, Length - _position);
        if (wanted <= 0)
        {
            return 0;
        }
        _file.Position = _start + _position;
        int read = _file.Read(buffer[..wanted]);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int wanted = (int)Math.Min(buffer.Length, Length - _position);
        if (wanted <= 0)
        {
            return 0;
        }
        _file.Position = _start + _position;
        int read = await _file.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
