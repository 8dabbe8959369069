using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace DockerToLinux.Images;

/// <summary>
/// Reads a blob on a thread of its own, a few megabytes ahead of the decompressor. Reading the file and
/// checking the blob's digest then happen beside the inflate instead of inside it: the inflate of the
/// largest layer is the longest chain of work in a build, and these were about a tenth of it. The
/// inner stream's failures (a digest mismatch at its end, an I/O error) reach the reader at the same point
/// of the byte sequence as without read-ahead: after every byte before them. Its chunks are
/// <see cref="IoBuffer"/>s, which never move, so the inflater can read them where they are
/// (<see cref="ReadChunk"/>).
/// </summary>
internal sealed class ReadAheadStream : ForwardReadStream
{
    /// <summary>The size of each chunk read ahead (the last one may be shorter).</summary>
    internal const int ChunkBytes = Units.MiB;
    private const int ChunksAhead = 4;

    private readonly Stream _inner;
    private readonly Channel<Chunk> _chunks = Channel.CreateBounded<Chunk>(
        new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
    private readonly Channel<IoBuffer> _free = Channel.CreateUnbounded<IoBuffer>();
    private readonly List<IoBuffer> _rented = [];
    private readonly CancellationTokenSource _stop = new();
    // The reading thread and the consumer: the buffers go back to the pool when neither can touch them.
    private int _users = 2;
    private Chunk _current = new(null, 0, null);
    private int _offset;
    private long _consumed;
    private bool _ended;
    private bool _disposed;

    /// <param name="inner">The stream to read ahead; disposed with this one.</param>
    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        _ = Task.Factory.StartNew(ReadAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>How many bytes have been read (the xz decoder asks).</summary>
    public override long Position
    {
        get => _consumed + _offset;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            Fill();
        }
        return Copy(buffer);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!buffer.IsEmpty)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
        return Copy(buffer.Span);
    }

    /// <summary>
    /// The unread rest of the current chunk, handed over without a copy and counted as read; it stays valid,
    /// and in place, until the next call to this stream or its disposal. Empty at the end.
    /// </summary>
    public ReadOnlyMemory<byte> ReadChunk()
    {
        Fill();
        return TakeRest();
    }

    /// <inheritdoc cref="ReadChunk"/>
    public async ValueTask<ReadOnlyMemory<byte>> ReadChunkAsync(CancellationToken cancellationToken)
    {
        await FillAsync(cancellationToken).ConfigureAwait(false);
        return TakeRest();
    }

    /// <summary>Copies the next bytes into <paramref name="buffer"/> without reading them; fewer only at the end.</summary>
    public async ValueTask<int> PeekAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await FillAsync(cancellationToken).ConfigureAwait(false);
        int count = Math.Min(buffer.Length, Unread.Length);
        Unread[..count].CopyTo(buffer.Span);
        return count;
    }

    private Span<byte> Unread => _current.Buffer is { } buffer ? buffer.GetSpan()[_offset.._current.Length] : [];

    // Makes the current chunk one with unread bytes, unless the stream has ended.
    private void Fill()
    {
        while (!_ended && _offset == _current.Length)
        {
            if (!_chunks.Reader.TryRead(out var next))
            {
                var wait = _chunks.Reader.ReadAsync();
                next = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
            }
            Take(next);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        while (!_ended && _offset == _current.Length)
        {
            Take(await _chunks.Reader.ReadAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    private ReadOnlyMemory<byte> TakeRest()
    {
        var rest = _current.Buffer is { } buffer ? buffer.Memory[_offset.._current.Length] : ReadOnlyMemory<byte>.Empty;
        _offset = _current.Length;
        return rest;
    }

    private void Take(Chunk next)
    {
        if (_current.Buffer is { } used)
        {
            _free.Writer.TryWrite(used);
        }
        _consumed += _current.Length;
        _current = next;
        _offset = 0;
        // An empty chunk marks the end of the inner stream, and carries its failure if it failed.
        _ended = next.Length == 0;
        next.Failure?.Throw();
    }

    private int Copy(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, Unread.Length);
        Unread[..count].CopyTo(buffer);
        _offset += count;
        return count;
    }

    private void ReadAll()
    {
        var token = _stop.Token;
        try
        {
            bool more = true;
            while (more)
            {
                if (!_free.Reader.TryRead(out var buffer))
                {
                    buffer = IoBuffer.Rent(ChunkBytes);
                    lock (_rented)
                    {
                        _rented.Add(buffer);
                    }
                }
                int filled = 0;
                ExceptionDispatchInfo? failure = null;
                try
                {
                    int read = 1;
                    while (filled < buffer.Length && (read = _inner.Read(buffer.GetSpan()[filled..])) > 0)
                    {
                        filled += read;
                    }
                    more = read > 0;
                }
                catch (Exception error)
                {
                    // The bytes before the failure go first, as they would without read-ahead.
                    failure = ExceptionDispatchInfo.Capture(error);
                    more = false;
                }
                if (filled > 0)
                {
                    Write(new Chunk(buffer, filled, null), token);
                }
                if (!more)
                {
                    Write(new Chunk(null, 0, failure), token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The consumer stopped reading.
        }
        finally
        {
            // Here rather than in Dispose: a read under way on this thread must not meet a disposed stream.
            _inner.Dispose();
            _chunks.Writer.TryComplete();
            Leave();
        }
    }

    // Called once by the reading thread when it ends and once by the consumer when it disposes the stream.
    private void Leave()
    {
        if (Interlocked.Decrement(ref _users) == 0)
        {
            lock (_rented)
            {
                _rented.ForEach(buffer => buffer.Return());
            }
        }
    }

    private void Write(Chunk chunk, CancellationToken token)
    {
        var write = _chunks.Writer.WriteAsync(chunk, token);
        if (!write.IsCompletedSuccessfully)
        {
            write.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The reading thread stops at its next hand-over and disposes the inner stream itself.
            _stop.Cancel();
            if (!_disposed)
            {
                _disposed = true;
                Leave();
            }
        }
        base.Dispose(disposing);
    }

    private readonly record struct Chunk(IoBuffer? Buffer, int Length, ExceptionDispatchInfo? Failure);
}
