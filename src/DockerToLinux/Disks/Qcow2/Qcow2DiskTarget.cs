using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;

namespace DockerToLinux.Disks.Qcow2;

/// <summary>
/// A qcow2 v3 image written in one pass: the header in cluster 0, data clusters from cluster 1 in
/// first-write order, and at the end the L2 tables, the L1 table, the refcount table and the refcount
/// blocks. Every cluster in the file is used exactly once, so every refcount is 1 and qcow2's "copied"
/// flag (bit 63) is set on every L1 and L2 entry. No upper bound is needed: the tables go after the data.
/// </summary>
internal sealed class Qcow2DiskTarget : SparseDiskTarget
{
    private const int ClusterBits = 16;
    private const int ClusterSize = 1 << ClusterBits;
    private const int L2Entries = ClusterSize / 8;
    private const int RefcountsPerBlock = ClusterSize / 2;
    private const ulong Copied = 1UL << 63;

    /// <summary>Creates (truncating) the file.</summary>
    public Qcow2DiskTarget(string path)
        : base(path, ClusterSize, ClusterSize, ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <inheritdoc />
    protected override async ValueTask WriteTablesAsync(long size, CancellationToken cancellationToken)
    {
        long clusters = (size + ClusterSize - 1) / ClusterSize;
        long l1Size = Math.Max(1, (clusters + L2Entries - 1) / L2Entries);
        var l2Owners = Data.Blocks.Keys.Select(cluster => cluster / L2Entries).Distinct().Order().ToArray();
        long at = Data.End;
        long l1Clusters = (l1Size * 8 + ClusterSize - 1) / ClusterSize;
        long fixedClusters = at / ClusterSize + l2Owners.Length + l1Clusters;
        (long refBlocks, long refTableClusters) = RefcountLayout(fixedClusters);

        var l1 = new byte[l1Clusters * ClusterSize];
        var l2 = new byte[ClusterSize];
        foreach (long owner in l2Owners)
        {
            Array.Clear(l2);
            for (int i = 0; i < L2Entries; i++)
            {
                if (Data.Blocks.TryGetValue(owner * L2Entries + i, out long data))
                {
                    BinaryPrimitives.WriteUInt64BigEndian(l2.AsSpan(i * 8), (ulong)data | Copied);
                }
            }
            await RandomAccess.WriteAsync(Handle, l2, at, cancellationToken).ConfigureAwait(false);
            BinaryPrimitives.WriteUInt64BigEndian(l1.AsSpan((int)owner * 8), (ulong)at | Copied);
            at += ClusterSize;
        }
        long l1Offset = at;
        await RandomAccess.WriteAsync(Handle, l1, at, cancellationToken).ConfigureAwait(false);
        at += l1.Length;

        long refTableOffset = at;
        long totalClusters = fixedClusters + refTableClusters + refBlocks;
        var refTable = new byte[refTableClusters * ClusterSize];
        long firstRefBlock = refTableOffset + refTable.Length;
        for (long i = 0; i < refBlocks; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(refTable.AsSpan((int)i * 8), firstRefBlock + i * ClusterSize);
        }
        await RandomAccess.WriteAsync(Handle, refTable, refTableOffset, cancellationToken).ConfigureAwait(false);
        var refBlock = new byte[ClusterSize];
        for (long i = 0; i < refBlocks; i++)
        {
            Array.Clear(refBlock);
            long count = Math.Min(RefcountsPerBlock, totalClusters - i * RefcountsPerBlock);
            for (int c = 0; c < count; c++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(refBlock.AsSpan(c * 2), 1);
            }
            await RandomAccess.WriteAsync(Handle, refBlock, firstRefBlock + i * ClusterSize, cancellationToken).ConfigureAwait(false);
        }

        var header = new Qcow2Header(3, ClusterBits, size, (uint)l1Size, l1Offset, refTableOffset, (uint)refTableClusters);
        await RandomAccess.WriteAsync(Handle, header.Encode(), 0, cancellationToken).ConfigureAwait(false);
    }

    // The refcount blocks must count themselves and the refcount table: the smallest block count that
    // covers everything, found by iterating to the fixed point (it converges in two or three rounds).
    private static (long Blocks, long TableClusters) RefcountLayout(long fixedClusters)
    {
        long blocks = 1, tableClusters = 1;
        while (true)
        {
            long total = fixedClusters + blocks + tableClusters;
            long needBlocks = (total + RefcountsPerBlock - 1) / RefcountsPerBlock;
            long needTable = (needBlocks * 8 + ClusterSize - 1) / ClusterSize;
            if (needBlocks == blocks && needTable == tableClusters)
            {
                return (blocks, tableClusters);
            }
            (blocks, tableClusters) = (needBlocks, needTable);
        }
    }
}
