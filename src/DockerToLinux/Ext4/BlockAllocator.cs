namespace DockerToLinux.Ext4;

/// <summary>
/// Hands out blocks from a start block upward, skipping each group's metadata, so data lands in one sequential
/// sweep (large writes, and a high-water mark that decides the automatic size). Freed blocks are not reused:
/// they are zeroed and left free in the bitmaps. A layer written in parallel with others gets an allocator of
/// its own over its region (see <see cref="LayerRegions"/>); the regions' allocators are absorbed into the
/// filesystem's before metadata is written.
/// </summary>
internal sealed class BlockAllocator(Ext4Geometry geometry, long limitBlocks, Func<long, Exception> full, long startBlock = 0)
{
    private readonly List<BlockRun> _allocated = [];
    private readonly List<BlockRun> _freed = [];
    private long _limit = limitBlocks;

    /// <summary>The next block to hand out; everything below is allocated, freed, metadata or another region's.</summary>
    public long HighWater { get; private set; } = startBlock;

    /// <summary>Runs handed out, sorted and merged.</summary>
    public IReadOnlyList<BlockRun> Allocated => _allocated;

    /// <summary>Runs given back, in the order they were freed.</summary>
    public IReadOnlyList<BlockRun> Freed => _freed;

    /// <summary>Blocks handed out and not freed.</summary>
    public long AllocatedBlocks { get; private set; }

    /// <summary>Where the next allocation would start, if there is room left.</summary>
    public long NextBlock
    {
        get
        {
            SkipMetadata(throwWhenFull: false);
            return HighWater;
        }
    }

    /// <summary>Allocates up to <paramref name="wanted"/> consecutive blocks that stay within one group.</summary>
    /// <exception cref="Exception">The one <c>full</c> makes: no block is left below the limit.</exception>
    public BlockRun Allocate(long wanted) =>
        TryAllocate(wanted, out var run) ? run : throw full(HighWater);

    /// <summary>Like <see cref="Allocate"/>, but says false instead of throwing when no block is left.</summary>
    public bool TryAllocate(long wanted, out BlockRun run)
    {
        if (!SkipMetadata(throwWhenFull: false))
        {
            run = default;
            return false;
        }
        long groupEnd = Ext4Geometry.GroupStart(HighWater / Ext4Geometry.BlocksPerGroup + 1);
        run = Take(Math.Min(wanted, groupEnd - HighWater));
        return true;
    }

    /// <summary>
    /// Allocates exactly <paramref name="count"/> consecutive blocks, moving to the next group if the current
    /// one cannot hold them; larger requests than a group's data area are split by the caller.
    /// </summary>
    public BlockRun AllocateContiguous(long count)
    {
        SkipMetadata(throwWhenFull: true);
        long group = HighWater / Ext4Geometry.BlocksPerGroup;
        long groupEnd = Ext4Geometry.GroupStart(group + 1);
        if (HighWater + count > groupEnd)
        {
            HighWater = groupEnd;
            SkipMetadata(throwWhenFull: true);
        }
        var run = Allocate(count);
        if (run.Count != count)
        {
            throw new InvalidOperationException($"cannot allocate {count} contiguous blocks");
        }
        return run;
    }

    /// <summary>Moves on to a new range of blocks, for a region whose own range is used up.</summary>
    public void ContinueAt(long start, long limit)
    {
        HighWater = start;
        _limit = limit;
    }

    /// <summary>Gives blocks back; they stay unused for the rest of the build.</summary>
    public void Free(BlockRun run)
    {
        _freed.Add(run);
        AllocatedBlocks -= run.Count;
    }

    /// <summary>
    /// Takes over what other allocators handed out (the layers' regions), and continues after the last block
    /// any of them used: the unused tail of a region below stays free.
    /// </summary>
    public void Absorb(IReadOnlyList<BlockAllocator> others)
    {
        var runs = _allocated.Concat(others.SelectMany(other => other._allocated)).OrderBy(run => run.Start).ToList();
        _allocated.Clear();
        foreach (var run in runs)
        {
            if (_allocated.Count > 0 && _allocated[^1].End == run.Start)
            {
                _allocated[^1] = _allocated[^1] with { Count = _allocated[^1].Count + run.Count };
            }
            else
            {
                _allocated.Add(run);
            }
        }
        foreach (var other in others)
        {
            _freed.AddRange(other._freed);
            AllocatedBlocks += other.AllocatedBlocks;
        }
        if (_allocated.Count > 0)
        {
            HighWater = Math.Max(HighWater, _allocated[^1].End);
        }
    }

    private BlockRun Take(long count)
    {
        count = Math.Min(count, _limit - HighWater);
        var run = new BlockRun(HighWater, count);
        if (_allocated.Count > 0 && _allocated[^1].End == run.Start)
        {
            _allocated[^1] = _allocated[^1] with { Count = _allocated[^1].Count + count };
        }
        else
        {
            _allocated.Add(run);
        }
        HighWater += count;
        AllocatedBlocks += count;
        return run;
    }

    // Moves past the metadata at the start of the current group; false (or the full exception) when that
    // leaves no block below the limit.
    private bool SkipMetadata(bool throwWhenFull)
    {
        long group = HighWater / Ext4Geometry.BlocksPerGroup;
        long dataStart = geometry.DataStart(group);
        if (HighWater < dataStart)
        {
            HighWater = dataStart;
        }
        if (HighWater < _limit)
        {
            return true;
        }
        return throwWhenFull ? throw full(HighWater) : false;
    }
}
