using DockerToLinux.Disks;

namespace DockerToLinux.Ext4;

/// <summary>
/// Blocks of released content waiting to be zeroed on the partition. Release is synchronous while zeroing
/// is I/O, and the blocks may still sit in the write-behind buffer, so zeroing happens after a flush.
/// </summary>
internal sealed class ZeroQueue
{
    private readonly List<BlockRun> _pending = [];

    /// <summary>Queues a run of blocks.</summary>
    public void Add(BlockRun run) => _pending.Add(run);

    /// <summary>Zeroes every queued run (merging neighbours into single calls) and empties the queue.</summary>
    public async ValueTask ZeroAsync(IDiskTarget target, CancellationToken cancellationToken)
    {
        _pending.Sort((a, b) => a.Start.CompareTo(b.Start));
        int i = 0;
        while (i < _pending.Count)
        {
            var run = _pending[i++];
            while (i < _pending.Count && _pending[i].Start == run.End)
            {
                run = run with { Count = run.Count + _pending[i++].Count };
            }
            await target.ZeroAsync(run.Start * Ext4Geometry.BlockSize, run.Count * Ext4Geometry.BlockSize,
                cancellationToken).ConfigureAwait(false);
        }
        _pending.Clear();
    }
}
