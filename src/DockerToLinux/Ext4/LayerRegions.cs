using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>
/// Lets layers be written at the same time without the result depending on which one runs ahead: each layer
/// gets a region of blocks of its own, placed one after another from the layers' uncompressed sizes, and its
/// file data goes into its region in the order of its tar. A layer that needs more than its region continues
/// after all the regions, but only once every layer below it is complete, so the overflow area is filled in
/// layer order too. Written one after another or in parallel, the same layers land on the same blocks.
/// </summary>
public sealed class LayerRegions
{
    // Room for what ext4 needs beyond the tar's bytes: the last block of each file is whole, and small files
    // take a block where the tar takes a 512-byte record. Too little only costs waiting; too much, free space.
    private const double Headroom = 1.25;
    private const long SlackBlocks = 256;

    private readonly ContentWriter[] _writers;
    private readonly TaskCompletionSource[] _complete;
    private readonly bool[] _overflowing;
    private readonly long _limit;
    private readonly Func<long, Exception> _full;
    private readonly IFileContentStore _filesystem;
    private long _overflowNext;

    private LayerRegions(ContentWriter[] writers, long overflowStart, long limit, Func<long, Exception> full, IFileContentStore filesystem)
    {
        _writers = writers;
        _complete = writers.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        _overflowing = new bool[writers.Length];
        _overflowNext = overflowStart;
        _limit = limit;
        _full = full;
        _filesystem = filesystem;
    }

    /// <summary>Whether every layer has been completed.</summary>
    internal bool IsComplete => _complete.All(done => done.Task.IsCompleted);

    /// <summary>The allocators of the regions, for the filesystem to take over once every layer is complete.</summary>
    internal IReadOnlyList<BlockAllocator> Allocators => _writers.Select(writer => writer.Allocator).ToList();

    /// <summary>
    /// Where layer <paramref name="layer"/>'s files go: file data into its region; everything else (releasing
    /// content, reading it back) is the filesystem's. One thread at a time per layer.
    /// </summary>
    public IFileContentStore Store(int layer) => new RegionStore(_writers[layer], _filesystem);

    /// <summary>
    /// Says that layer <paramref name="layer"/> has stored all its files: its buffered data is written, and
    /// the layers above may now overflow after it.
    /// </summary>
    public async Task CompleteAsync(int layer, CancellationToken cancellationToken)
    {
        try
        {
            await _writers[layer].Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_overflowing[layer])
            {
                _overflowNext = Math.Max(_overflowNext, _writers[layer].Allocator.HighWater);
            }
            _complete[layer].TrySetResult();
        }
    }

    internal static LayerRegions? TryCreate(Ext4Geometry geometry, long start, long limit, IReadOnlyList<long> tarSizes,
        Func<BlockAllocator, Func<CancellationToken, ValueTask>, ContentWriter> makeWriter,
        Func<long, Exception> full, IFileContentStore filesystem)
    {
        var bounds = new (long Start, long End)[tarSizes.Count];
        long at = start;
        for (int i = 0; i < tarSizes.Count; i++)
        {
            long blocks = (long)Math.Ceiling(tarSizes[i] * Headroom / Ext4Geometry.BlockSize) + SlackBlocks;
            long end = DataEnd(geometry, at, blocks);
            if (end > limit)
            {
                // A fixed size that the estimates do not fit: one sweep uses the space better.
                return null;
            }
            bounds[i] = (at, end);
            at = end;
        }
        var writers = new ContentWriter[tarSizes.Count];
        var regions = new LayerRegions(writers, at, limit, full, filesystem);
        for (int i = 0; i < writers.Length; i++)
        {
            int layer = i;
            var allocator = new BlockAllocator(geometry, bounds[i].End, full, bounds[i].Start);
            writers[i] = makeWriter(allocator, token => regions.OverflowAsync(layer, token));
        }
        return regions;
    }

    /// <summary>Waits until every writer's data has reached the partition, whatever happened (an abandoned build).</summary>
    internal async Task StopAsync()
    {
        foreach (var writer in _writers)
        {
            try
            {
                await writer.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The build has already failed; the temporary disk is deleted.
            }
        }
    }

    // The block after dataBlocks data blocks from start, skipping the metadata at each group's start.
    private static long DataEnd(Ext4Geometry geometry, long start, long dataBlocks)
    {
        long at = start;
        while (dataBlocks > 0)
        {
            long group = at / Ext4Geometry.BlocksPerGroup;
            at = Math.Max(at, geometry.DataStart(group));
            long take = Math.Min(dataBlocks, Ext4Geometry.GroupStart(group + 1) - at);
            at += take;
            dataBlocks -= take;
        }
        return at;
    }

    private async ValueTask OverflowAsync(int layer, CancellationToken cancellationToken)
    {
        var allocator = _writers[layer].Allocator;
        if (_overflowing[layer])
        {
            throw _full(allocator.HighWater);
        }
        // Layers below may still overflow themselves; the overflow area is theirs first.
        await Task.WhenAll(_complete.Take(layer).Select(done => done.Task)).WaitAsync(cancellationToken).ConfigureAwait(false);
        _overflowing[layer] = true;
        allocator.ContinueAt(_overflowNext, _limit);
    }

    // A layer's view of the filesystem while it is read.
    private sealed class RegionStore(ContentWriter writer, IFileContentStore filesystem) : IFileContentStore
    {
        public async ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken) =>
            await writer.AddAsync(source, length, cancellationToken).ConfigureAwait(false);

        public async ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            await writer.AddAsync(data, cancellationToken).ConfigureAwait(false);

        public Stream OpenRead(FileContent content) => filesystem.OpenRead(content);

        public void Release(FileContent content) => filesystem.Release(content);
    }
}
