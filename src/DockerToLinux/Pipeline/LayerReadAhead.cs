using System.IO.Pipelines;
using DockerToLinux.Images;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Decompresses and verifies layers on another core while the flattener writes the previous bytes: each
/// layer streams through a bounded pipe, and the next layer starts decompressing as soon as the current one
/// is read to its end. The flattener still sees the layers one after another, in order, so parallelism
/// never changes the output; memory stays bounded by the pipes' thresholds.
/// </summary>
internal sealed class LayerReadAhead : IAsyncDisposable
{
    // Enough to keep the decompressor busy across the flattener's pauses (directory metadata, small files),
    // small enough that two full pipes stay far below the memory target.
    private const long PauseAt = 8L * Units.MiB;
    private const long ResumeAt = 4L * Units.MiB;
    private const int Chunk = Units.MiB;
    // Each flush may wake the flattener; handing over a megabyte at a time instead of every read keeps the
    // two threads from ping-ponging (context switches and spinning cost more CPU than the copy itself).
    // One layer decompresses here at a time: with two cores a second decompressing thread would only take
    // time from this one, and its read-ahead would cost memory.
    private const int HandOver = Units.MiB;
    // The least room a read is given. Asking for a whole segment each time would start a new one after every
    // short read (zlib returns a few dozen kilobytes at a time), leaving most of each segment unused but
    // resident; ISA-L still fills large outputs, as it is faster with them.
    private const int LeastRead = 256 * Units.KiB;

    private readonly SegmentPool _pool = new(Chunk);
    private readonly Pipe[] _pipes;
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;

    private LayerReadAhead(IReadOnlyList<ImageLayer> layers, Func<int, IProgress<long>?> progress, CancellationToken cancellationToken)
    {
        var options = new PipeOptions(pool: _pool, pauseWriterThreshold: PauseAt, resumeWriterThreshold: ResumeAt,
            minimumSegmentSize: Chunk, useSynchronizationContext: false);
        _pipes = layers.Select(_ => new Pipe(options)).ToArray();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A thread of its own, reading synchronously: the decompressor's many small reads through the
        // verifying and progress streams then cost plain calls, not async state machines and thread-pool hops.
        _producer = Task.Factory.StartNew(() => Produce(layers, progress, _stop.Token), _stop.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts decompressing <paramref name="layers"/>, first to last; <paramref name="progress"/> gives, for a
    /// layer's index, the listener told how many of its compressed bytes have been read.
    /// </summary>
    public static LayerReadAhead Start(IReadOnlyList<ImageLayer> layers, Func<int, IProgress<long>?> progress,
        CancellationToken cancellationToken) => new(layers, progress, cancellationToken);

    /// <summary>
    /// The uncompressed tar of layer <paramref name="index"/>. A failure while reading it (a digest mismatch,
    /// a corrupt stream) is thrown by this stream's reads, at the point the flattener reaches it.
    /// </summary>
    public Stream Open(int index) => _pipes[index].Reader.AsStream();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var pipe in _pipes)
        {
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }
        try
        {
            await _producer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping early is what disposal asked for.
        }
        _stop.Dispose();
        _pool.Dispose();
    }

    private void Produce(IReadOnlyList<ImageLayer> layers, Func<int, IProgress<long>?> progress,
        CancellationToken cancellationToken)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            var writer = _pipes[i].Writer;
            try
            {
                using var tar = layers[i].OpenTarAsync(progress(i), cancellationToken).GetAwaiter().GetResult();
                long unflushed = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int read = tar.Read(writer.GetSpan(LeastRead));
                    if (read > 0)
                    {
                        writer.Advance(read);
                        unflushed += read;
                        if (unflushed < HandOver)
                        {
                            continue;
                        }
                    }
                    unflushed = 0;
                    // Blocks only while the pipe is full, which is what bounds memory.
                    var flush = writer.FlushAsync(cancellationToken);
                    var flushed = flush.IsCompletedSuccessfully ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                    if (flushed.IsCompleted)
                    {
                        // The flattener stopped reading this layer (it failed); stop decompressing.
                        return;
                    }
                    if (read == 0)
                    {
                        break;
                    }
                }
                writer.Complete();
            }
            catch (Exception error)
            {
                // The flattener sees the failure when its reads reach it; later layers are never started.
                writer.Complete(error);
                return;
            }
        }
    }
}
