using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.RootFs;

/// <summary>
/// A content store in a temporary file that has no name: files are appended one after another and read back
/// by offset. It holds an image whose files are copied elsewhere afterwards (a kernel image's kernel and
/// modules), so that hundreds of MiB never sit in memory; the file is unlinked as soon as it is made, so
/// nothing is left behind whatever happens to the process.
/// </summary>
internal sealed class SpoolContentStore : IFileContentStore, IDisposable
{
    private const int CopyBuffer = 1 << 20;
    private readonly SafeFileHandle _file;
    private readonly byte[] _buffer = new byte[CopyBuffer];
    private long _end;

    /// <summary>Makes the spool in <paramref name="folder"/>.</summary>
    /// <exception cref="D2lException">The folder cannot take a temporary file.</exception>
    public SpoolContentStore(string folder)
    {
        string path = Path.Combine(folder, $".d2l-spool-{Guid.NewGuid():N}");
        try
        {
            _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(folder, $"cannot hold a temporary file ({error.Message})", error);
        }
    }

    /// <summary>The bytes stored so far, released files included.</summary>
    public long Length => _end;

    /// <inheritdoc />
    public async ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        long start = _end;
        for (long left = length; left > 0;)
        {
            int read = await source.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(_buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"file data ended {left} bytes early");
            }
            await RandomAccess.WriteAsync(_file, _buffer.AsMemory(0, read), _end, cancellationToken).ConfigureAwait(false);
            _end += read;
            left -= read;
        }
        return new SpooledContent(start, length);
    }

    /// <inheritdoc />
    public async ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        long start = _end;
        await RandomAccess.WriteAsync(_file, data, start, cancellationToken).ConfigureAwait(false);
        _end += data.Length;
        return new SpooledContent(start, data.Length);
    }

    /// <inheritdoc />
    public Stream OpenRead(FileContent content)
    {
        var spooled = (SpooledContent)content;
        return new SpoolReadStream(_file, spooled.Offset, spooled.Length);
    }

    // The spool lives only as long as one build; a released file's bytes simply stay unread until then.
    /// <inheritdoc />
    public void Release(FileContent content)
    {
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private sealed class SpooledContent(long offset, long length) : FileContent
    {
        public long Offset => offset;

        public override long Length => length;
    }

    private sealed class SpoolReadStream(SafeFileHandle file, long offset, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = RandomAccess.Read(file, buffer[..Wanted(buffer.Length)], offset + _position);
            _position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await RandomAccess.ReadAsync(file, buffer[..Wanted(buffer.Length)], offset + _position, cancellationToken)
                .ConfigureAwait(false);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Wanted(int room) => (int)Math.Min(room, length - _position);
    }
}
