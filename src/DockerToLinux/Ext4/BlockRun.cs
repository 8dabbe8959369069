namespace DockerToLinux.Ext4;

/// <summary>Consecutive physical blocks.</summary>
/// <param name="Start">The first block.</param>
/// <param name="Count">How many blocks.</param>
internal readonly record struct BlockRun(long Start, long Count)
{
    /// <summary>The block after the run.</summary>
    public long End => Start + Count;
}
