using System.Runtime.ExceptionServices;
using DockerToLinux.Ext4;
using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// The flatten stage: every layer of the image, applied in order to the tree, its file data written into the
/// filesystem as it streams. When the layers' sizes are known and the disk takes concurrent writes, several
/// layers are read at once, each into its own region of blocks (<see cref="LayerRegions"/>), and applied to the
/// tree in order (<see cref="LayerTurn"/>): the disk is the same byte for byte as when they are read one after another.
/// </summary>
internal static class LayerFlattener
{
    // Each layer read at once takes a reading thread, one or two flows of work, and up to about 16 MiB of buffers.
    private const int MaxLayersAtOnce = 4;

    /// <summary>Flattens <paramref name="image"/> into <paramref name="tree"/> and <paramref name="filesystem"/>.</summary>
    /// <param name="image">The image, base layer first.</param>
    /// <param name="tree">The empty tree.</param>
    /// <param name="filesystem">Where file data goes.</param>
    /// <param name="concurrentWrites">Whether the disk takes writes from several threads (a raw file).</param>
    /// <param name="layersAtOnce">How many layers may be read at once; null for one per core, at most 4.</param>
    /// <param name="progress">Told about each layer.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task FlattenAsync(ContainerImage image, FileTree tree, Ext4Builder filesystem, bool concurrentWrites,
        int? layersAtOnce, IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        var sizes = image.Layers.Select(layer => layer.UncompressedSizeHint).ToList();
        var regions = sizes.All(size => size is not null)
            ? filesystem.ReserveLayerRegions(sizes.Select(size => size!.Value).ToList())
            : null;
        int atOnce = layersAtOnce ?? Math.Min(Environment.ProcessorCount, MaxLayersAtOnce);
        if (regions is null || !concurrentWrites || atOnce < 2)
        {
            await OneAfterAnotherAsync(image, tree, filesystem, regions, progress, cancellationToken).ConfigureAwait(false);
            return;
        }
        await InParallelAsync(image, tree, regions, atOnce, progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task OneAfterAnotherAsync(ContainerImage image, FileTree tree, IFileContentStore filesystem,
        LayerRegions? regions, IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        await using var layers = LayerReadAhead.Start(image.Layers, i => ByteProgress(image, i, progress), cancellationToken);
        for (int i = 0; i < image.Layers.Count; i++)
        {
            progress.Report(new BuildProgress(BuildStage.Flatten, Message(image, i), 0, image.Layers[i].Size));
            await using var tar = layers.Open(i);
            var store = regions?.Store(i) ?? filesystem;
            await LayerApplier.ApplyAsync(tree, tar, i, Name(image, i), store, cancellationToken).ConfigureAwait(false);
            if (regions is not null)
            {
                await regions.CompleteAsync(i, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Layers start in order, at most atOnce at a time. Each layer's turn to change the tree comes when the one
    // below has been read and applied; until then its entries wait (LayerTurn).
    private static async Task InParallelAsync(ContainerImage image, FileTree tree, LayerRegions regions, int atOnce,
        IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        int count = image.Layers.Count;
        // The largest layer's inflate is the longest chain of work in the build: it alone decompresses on a
        // thread of its own, ahead of its flattening. The others decompress within their flattening flow, so
        // fewer threads share the cores with that chain and it gets more of a core while the base layer is read.
        var sizes = image.Layers.Select(layer => layer.UncompressedSizeHint ?? 0).ToList();
        int chain = sizes.IndexOf(sizes.Max());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(atOnce);
        var reads = new TaskCompletionSource<Task<ExceptionDispatchInfo?>>[count];
        var turns = new LayerTurn[count];
        for (int i = 0; i < count; i++)
        {
            reads[i] = new TaskCompletionSource<Task<ExceptionDispatchInfo?>>(TaskCreationOptions.RunContinuationsAsynchronously);
            turns[i] = new LayerTurn(tree, i, Name(image, i), regions.Store(i));
        }
        // The base layer's turn is now: it is applied as it streams.
        turns[0].TakeTurn();
        var starter = Task.Run(async () =>
        {
            int next = 0;
            try
            {
                for (; next < count; next++)
                {
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                    int layer = next;
                    progress.Report(new BuildProgress(BuildStage.Flatten, Message(image, layer), 0, image.Layers[layer].Size));
                    reads[layer].SetResult(Task.Run(() => ReadAsync(image, layer, layer == chain, turns[layer], regions, slots, progress, stop.Token)));
                }
            }
            catch (OperationCanceledException)
            {
                // The layers that will never start must not be waited for.
                foreach (var read in reads[next..])
                {
                    read.TrySetCanceled(stop.Token);
                }
                throw;
            }
        }, CancellationToken.None);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var failure = await (await reads[i].Task.ConfigureAwait(false)).ConfigureAwait(false);
                failure?.Throw();
                if (i + 1 < count)
                {
                    turns[i + 1].TakeTurn();
                }
            }
            await starter.ConfigureAwait(false);
        }
        catch
        {
            // No layer may still be writing when the caller disposes the disk.
            await stop.CancelAsync().ConfigureAwait(false);
            await StopAsync(starter, reads).ConfigureAwait(false);
            throw;
        }
    }

    // Waits for the starter (so no further layer starts) and then for every layer it started.
    private static async Task StopAsync(Task starter, TaskCompletionSource<Task<ExceptionDispatchInfo?>>[] reads)
    {
        try
        {
            await starter.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Cancelled, as asked.
        }
        foreach (var read in reads.Where(read => read.Task.IsCompleted))
        {
            try
            {
                await read.Task.Result.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The build already fails with the first error in layer order.
            }
        }
    }

    private static async Task<ExceptionDispatchInfo?> ReadAsync(ContainerImage image, int layer, bool decompressAhead, LayerTurn turn,
        LayerRegions regions, SemaphoreSlim slots, IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        try
        {
            await using var pipe = decompressAhead
                ? LayerReadAhead.Start([image.Layers[layer]], _ => ByteProgress(image, layer, progress), cancellationToken)
                : null;
            await using var tar = pipe?.Open(0)
                ?? await image.Layers[layer].OpenTarAsync(ByteProgress(image, layer, progress), cancellationToken).ConfigureAwait(false);
            return await LayerApplier.ReadInTurnAsync(tar, turn, regions.Store(layer), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await regions.CompleteAsync(layer, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static IProgress<long> ByteProgress(ContainerImage image, int index, IProgress<BuildProgress> progress) =>
        new LayerByteProgress(progress, BuildStage.Flatten, Message(image, index), image.Layers[index].Size);

    private static string Name(ContainerImage image, int index) => $"{image.Name}: layer {image.Layers[index].Digest}";

    private static string Message(ContainerImage image, int index) =>
        $"layer {index + 1}/{image.Layers.Count} {image.Layers[index].Digest.ToString()[..19]} ({ByteSize.Format(image.Layers[index].Size)})";
}
