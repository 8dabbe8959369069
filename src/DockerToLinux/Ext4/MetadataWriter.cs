using System.Numerics;
using System.Runtime.InteropServices;

namespace DockerToLinux.Ext4;

/// <summary>
/// Writes the per-group metadata one group at a time (bitmaps and the used part of the inode table; unused
/// inode-table blocks stay unwritten and read as zeros), then the superblock and descriptor copies.
/// </summary>
internal sealed class MetadataWriter(Ext4Geometry geometry, BlockWriter writer, BlockAllocator allocator)
{
    /// <summary>Free totals and the descriptor table gathered while writing the groups.</summary>
    public sealed record Totals(long FreeBlocks, long FreeInodes, byte[] Descriptors);

    /// <summary>Writes bitmaps and inode tables for a filesystem of <paramref name="blocks"/> blocks.</summary>
    public async ValueTask<Totals> WriteGroupsAsync(long blocks, Func<long, InodePlan?> planFor, long lastInode,
        CancellationToken cancellationToken)
    {
        const int bpg = Ext4Geometry.BlocksPerGroup;
        int groups = (int)((blocks + bpg - 1) / bpg);
        int ipg = geometry.InodesPerGroup;
        int gdtBlocks = Ext4Geometry.GdtBlocks(groups);
        var descriptors = new byte[gdtBlocks * Ext4Geometry.BlockSize];
        var blockBitmap = new byte[Ext4Geometry.BlockSize];
        var inodeBitmap = new byte[Ext4Geometry.BlockSize];
        var table = new byte[geometry.InodeTableBlocks * Ext4Geometry.BlockSize];
        var freed = allocator.Freed.OrderBy(run => run.Start).ToList();
        int allocatedIndex = 0, freedIndex = 0;
        long freeBlocks = 0, freeInodes = 0;
        for (int group = 0; group < groups; group++)
        {
            long start = Ext4Geometry.GroupStart(group);
            int groupBlocks = (int)Math.Min(bpg, blocks - start);
            Array.Clear(blockBitmap);
            if (Ext4Geometry.HasSuperblock(group))
            {
                SetBits(blockBitmap, 0, 1 + gdtBlocks, true);
            }
            SetBits(blockBitmap, geometry.BlockBitmap(group) - start, 2 + geometry.InodeTableBlocks, true);
            ApplyRuns(blockBitmap, allocator.Allocated, ref allocatedIndex, start, groupBlocks, true);
            ApplyRuns(blockBitmap, freed, ref freedIndex, start, groupBlocks, false);
            int groupFree = groupBlocks - CountBits(blockBitmap);
            SetBits(blockBitmap, groupBlocks, bpg - groupBlocks, true);

            int usedInodes = (int)Math.Clamp(lastInode - (long)group * ipg, 0, ipg);
            Array.Clear(inodeBitmap);
            SetBits(inodeBitmap, 0, usedInodes, true);
            SetBits(inodeBitmap, ipg, Ext4Geometry.BlockSize * 8 - ipg, true);
            int tableBytes = (usedInodes + Ext4Geometry.InodesPerBlock - 1) / Ext4Geometry.InodesPerBlock * Ext4Geometry.BlockSize;
            Array.Clear(table, 0, tableBytes);
            int directories = 0;
            for (int i = 0; i < usedInodes; i++)
            {
                if (planFor((long)group * ipg + i + 1) is { } plan)
                {
                    InodeEncoder.Encode(table.AsSpan(i * Ext4Geometry.InodeSize, Ext4Geometry.InodeSize), plan);
                    directories += plan.Node.Kind == RootFs.NodeKind.Directory ? 1 : 0;
                }
            }
            await writer.WriteAsync(geometry.BlockBitmap(group), blockBitmap, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(geometry.InodeBitmap(group), inodeBitmap, cancellationToken).ConfigureAwait(false);
            if (tableBytes > 0)
            {
                await writer.WriteAsync(geometry.InodeTable(group), table.AsMemory(0, tableBytes), cancellationToken)
                    .ConfigureAwait(false);
            }
            SuperblockEncoder.EncodeDescriptor(descriptors.AsSpan(group * Ext4Geometry.DescriptorSize),
                geometry.BlockBitmap(group), geometry.InodeBitmap(group), geometry.InodeTable(group),
                groupFree, ipg - usedInodes, directories);
            freeBlocks += groupFree;
            freeInodes += ipg - usedInodes;
        }
        return new Totals(freeBlocks, freeInodes, descriptors);
    }

    /// <summary>
    /// Writes the superblock and descriptor table into group 0 and every backup group. Group 0's first 1024
    /// bytes are left alone: they belong to the boot loader.
    /// </summary>
    public async ValueTask WriteSuperblocksAsync(SuperblockFields fields, int groups, byte[] descriptors,
        CancellationToken cancellationToken)
    {
        var copy = new byte[Ext4Geometry.BlockSize + descriptors.Length];
        for (int group = 0; group < groups; group++)
        {
            if (!Ext4Geometry.HasSuperblock(group))
            {
                continue;
            }
            Array.Clear(copy, 0, Ext4Geometry.BlockSize);
            descriptors.CopyTo(copy, Ext4Geometry.BlockSize);
            long start = Ext4Geometry.GroupStart(group);
            if (group == 0)
            {
                SuperblockEncoder.Encode(copy.AsSpan(SuperblockEncoder.PrimaryOffset, SuperblockEncoder.Length), fields, group);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                await writer.Target.WriteAsync(SuperblockEncoder.PrimaryOffset,
                    copy.AsMemory(SuperblockEncoder.PrimaryOffset, SuperblockEncoder.Length), cancellationToken).ConfigureAwait(false);
                await writer.WriteAsync(1, copy.AsMemory(Ext4Geometry.BlockSize), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                SuperblockEncoder.Encode(copy.AsSpan(0, SuperblockEncoder.Length), fields, group);
                await writer.WriteAsync(start, copy, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Sets or clears the bits of the runs that overlap the group; runs are sorted, so the index only moves on.
    private static void ApplyRuns(byte[] bitmap, IReadOnlyList<BlockRun> runs, ref int index, long start, int count, bool value)
    {
        long end = start + count;
        while (index < runs.Count && runs[index].End <= start)
        {
            index++;
        }
        for (int i = index; i < runs.Count && runs[i].Start < end; i++)
        {
            long from = Math.Max(runs[i].Start, start);
            long to = Math.Min(runs[i].End, end);
            SetBits(bitmap, from - start, to - from, value);
        }
    }

    private static void SetBits(byte[] bitmap, long from, long count, bool value)
    {
        long end = from + count;
        long bit = from;
        for (; bit < end && (bit & 7) != 0; bit++)
        {
            SetBit(bitmap, bit, value);
        }
        long bytes = (end - bit) / 8;
        bitmap.AsSpan((int)(bit / 8), (int)bytes).Fill(value ? (byte)0xFF : (byte)0);
        for (bit += bytes * 8; bit < end; bit++)
        {
            SetBit(bitmap, bit, value);
        }
    }

    private static void SetBit(byte[] bitmap, long bit, bool value)
    {
        if (value)
        {
            bitmap[bit / 8] |= (byte)(1 << (int)(bit & 7));
        }
        else
        {
            bitmap[bit / 8] &= (byte)~(1 << (int)(bit & 7));
        }
    }

    private static int CountBits(byte[] bitmap)
    {
        int count = 0;
        foreach (ulong word in MemoryMarshal.Cast<byte, ulong>(bitmap))
        {
            count += BitOperations.PopCount(word);
        }
        return count;
    }
}
