namespace DockerToLinux.Ext4;

/// <summary>
/// Hands out blocks from group 0 upward, skipping each group's metadata, so data lands in one sequential
/// sweep (large writes, and a high-water mark that decides the automatic size). Freed blocks are not reused:
/// they are zeroed and left free in the bitmaps.
/// </summary>
internal sealed class BlockAllocator(Ext4Geometry geometry, long limitBlocks, Func<long, Exception> full)
{
    private readonly List<BlockRun> _allocated = [];
    private readonly List<BlockRun> _freed = [];

    /// <summary>The next block to hand out; everything below is allocated, freed or metadata.</summary>
    public long HighWater { get; private set; }

    /// <summary>Runs handed out, sorted and merged.</summary>
    public IReadOnlyList<BlockRun> Allocated => _allocated;

    /// <summary>Runs given back, in the order they were freed.</summary>
    public IReadOnlyList<BlockRun> Freed => _freed;

    /// <summary>Blocks handed out and not freed.</summary>
    public long AllocatedBlocks { get; private set; }

    /// <summary>Allocates up to <paramref name="wanted"/> consecutive blocks that stay within one group.</summary>
    public BlockRun Allocate(long wanted)
    {
        SkipMetadata();
        long groupEnd = Ext4Geometry.GroupStart(HighWater / Ext4Geometry.BlocksPerGroup + 1);
        long count = Math.Min(wanted, groupEnd - HighWater);
        return Take(count);
    }

    /// <summary>
    /// Allocates exactly <paramref name="count"/> consecutive blocks, moving to the next group if the current
    /// one cannot hold them; larger requests than a group's data area are split by the caller.
    /// </summary>
    public BlockRun AllocateContiguous(long count)
    {
        SkipMetadata();
        long group = HighWater / Ext4Geometry.BlocksPerGroup;
        long groupEnd = Ext4Geometry.GroupStart(group + 1);
        if (HighWater + count > groupEnd)
        {
            HighWater = groupEnd;
            SkipMetadata();
        }
        var run = Allocate(count);
        if (run.Count != count)
        {
            throw new InvalidOperationException($"cannot allocate {count} contiguous blocks");
        }
        return run;
    }

    /// <summary>Gives blocks back; they stay unused for the rest of the build.</summary>
    public void Free(BlockRun run)
    {
        _freed.Add(run);
        AllocatedBlocks -= run.Count;
    }

    private BlockRun Take(long count)
    {
        if (HighWater + count > limitBlocks)
        {
            count = limitBlocks - HighWater;
            if (count <= 0)
            {
                throw full(HighWater);
            }
        }
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

    private void SkipMetadata()
    {
        long group = HighWater / Ext4Geometry.BlocksPerGroup;
        long dataStart = geometry.DataStart(group);
        if (HighWater < dataStart)
        {
            HighWater = dataStart;
        }
        if (HighWater >= limitBlocks)
        {
            throw full(HighWater);
        }
    }
}
