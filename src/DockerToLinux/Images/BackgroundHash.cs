using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DockerToLinux.Images;

/// <summary>
/// An incremental hash computed on a thread of its own: the caller hands over copies of its bytes a
/// megabyte at a time and gets the hash at the end. Checking a layer's digest then stops delaying its
/// decompression, which is the longest chain of work in a build (SHA-256 of a Debian image's blobs is about
/// a sixth of its inflate time); a stream shorter than one chunk is hashed in place, without a thread.
/// </summary>
internal sealed class BackgroundHash : IDisposable
{
    private const int Chunk = 1 << 20;
    // At most this many chunks wait for the hashing thread: bounded memory if it falls behind.
    private const int Backlog = 8;

    private readonly IncrementalHash _hash;
    private BlockingCollection<(byte[] Buffer, int Length)>? _queue;
    private Task? _worker;
    private byte[] _pending = ArrayPool<byte>.Shared.Rent(Chunk);
    private int _pendingLength;

    private readonly bool _inPlace;

    /// <param name="algorithm">The hash to compute.</param>
    /// <param name="inPlace">Hash on the caller's thread, without copies or a thread (the caller is off the critical path).</param>
    public BackgroundHash(HashAlgorithmName algorithm, bool inPlace = false)
    {
        _hash = IncrementalHash.CreateHash(algorithm);
        _inPlace = inPlace;
    }

    /// <summary>Adds <paramref name="data"/> (copied; the caller may reuse its buffer at once).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_inPlace)
        {
            _hash.AppendData(data);
            return;
        }
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, Chunk - _pendingLength);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength == Chunk)
            {
                HandOver();
            }
        }
    }

    /// <summary>Waits for every byte to be hashed and returns the hash; the object can then be disposed.</summary>
    public byte[] Finish()
    {
        if (_queue is null)
        {
            _hash.AppendData(_pending.AsSpan(0, _pendingLength));
        }
        else
        {
            HandOver();
            _queue.CompleteAdding();
            _worker!.GetAwaiter().GetResult();
        }
        _pendingLength = 0;
        return _hash.GetHashAndReset();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_queue is not null && !_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
        }
        _worker?.Wait();
        _queue?.Dispose();
        _hash.Dispose();
    }

    private void HandOver()
    {
        if (_pendingLength == 0)
        {
            return;
        }
        if (_queue is null)
        {
            _queue = new BlockingCollection<(byte[], int)>(Backlog);
            _worker = Task.Factory.StartNew(Hash, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        _queue.Add((_pending, _pendingLength));
        _pending = ArrayPool<byte>.Shared.Rent(Chunk);
        _pendingLength = 0;
    }

    private void Hash()
    {
        foreach (var (buffer, length) in _queue!.GetConsumingEnumerable())
        {
            _hash.AppendData(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
