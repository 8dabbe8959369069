using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>
/// The end of a build: numbers inodes, writes directories, symlink blocks, extent trees, xattr blocks and the
/// journal (all allocated after the file data), decides the size, then hands over to <see cref="MetadataWriter"/>.
/// </summary>
internal sealed class Ext4Finisher(Ext4Geometry geometry, BlockAllocator allocator, BlockWriter writer,
    Ext4Options options, long limitBlocks, Func<long, Exception> full)
{
    private const int FastSymlinkLimit = 60;
    private const int LargestContiguousJournal = 16384;
    private readonly byte[] _block = new byte[Ext4Geometry.BlockSize];

    /// <summary>Writes everything but file data and returns what was made.</summary>
    public async Task<Ext4Result> RunAsync(FsNode root, CancellationToken cancellationToken)
    {
        if (root.Kind != NodeKind.Directory)
        {
            throw new ArgumentException("the root must be a directory", nameof(root));
        }
        var (rootPlan, others) = InodeNumbering.Assign(root, options.CreationTime);
        await PlaceAsync(rootPlan, cancellationToken).ConfigureAwait(false);
        foreach (var plan in others)
        {
            await PlaceAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        long lastInode = InodeNumbering.FirstInode - 1 + others.Count;
        var journal = await WriteJournalAsync(lastInode, cancellationToken).ConfigureAwait(false);
        long blocks = ChooseBlocks(lastInode);

        InodePlan? PlanFor(long inode) => inode switch
        {
            InodeNumbering.RootInode => rootPlan,
            InodeNumbering.JournalInode => journal,
            >= InodeNumbering.FirstInode => others[(int)(inode - InodeNumbering.FirstInode)],
            _ => null,
        };
        var metadata = new MetadataWriter(geometry, writer, allocator);
        var totals = await metadata.WriteGroupsAsync(blocks, PlanFor, lastInode, cancellationToken).ConfigureAwait(false);
        int groups = (int)((blocks + Ext4Geometry.BlocksPerGroup - 1) / Ext4Geometry.BlocksPerGroup);
        long inodes = (long)groups * geometry.InodesPerGroup;
        var fields = new SuperblockFields(blocks, inodes, totals.FreeBlocks, totals.FreeInodes, geometry.InodesPerGroup,
            options, journal.BlockArea, journal.Size);
        await metadata.WriteSuperblocksAsync(fields, groups, totals.Descriptors, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new Ext4Result(blocks * Ext4Geometry.BlockSize, options.Uuid,
            (blocks - totals.FreeBlocks) * Ext4Geometry.BlockSize, blocks, groups, inodes, lastInode);
    }

    private long ChooseBlocks(long lastInode)
    {
        long blocks = options.SizeBytes is null
            ? Math.Min(Ext4Sizer.AutoBlocks(geometry, allocator.HighWater, lastInode), limitBlocks)
            : limitBlocks;
        long groups = (blocks + Ext4Geometry.BlocksPerGroup - 1) / Ext4Geometry.BlocksPerGroup;
        if (blocks < allocator.HighWater)
        {
            throw full(allocator.HighWater);
        }
        if (groups * geometry.InodesPerGroup < lastInode)
        {
            throw options.SizeBytes is { } size
                ? D2lException.BadSetting(Setting.DiskSize,
                    $"a filesystem of {size >> 20} MiB is too small: the image has {lastInode} inodes, the filesystem room for {groups * geometry.InodesPerGroup}")
                : new D2lException(FailureKind.BadInput,
                    $"the image's {lastInode} files exceed what a filesystem of {options.MaxSizeBytes >> 20} MiB can hold");
        }
        return blocks;
    }

    // The journal goes after everything else, contiguous where a group can hold it; only its superblock is
    // written, the rest reads as zeros (as mke2fs's lazy_journal_init leaves it).
    private async ValueTask<InodePlan> WriteJournalAsync(long lastInode, CancellationToken cancellationToken)
    {
        long estimate = options.SizeBytes is null
            ? Math.Min(Ext4Sizer.AutoBlocks(geometry, allocator.HighWater, lastInode), limitBlocks)
            : limitBlocks;
        int journalBlocks = JournalSuperblock.BlocksFor(estimate);
        var content = new Ext4Content((long)journalBlocks * Ext4Geometry.BlockSize, pinned: true);
        long logical = 0;
        while (logical < journalBlocks)
        {
            long remaining = journalBlocks - logical;
            var run = remaining <= LargestContiguousJournal
                ? allocator.AllocateContiguous(remaining)
                : allocator.Allocate(remaining);
            Extent.Append(content.Extents, logical, run.Start, run.Count);
            logical += run.Count;
        }
        Array.Clear(_block);
        JournalSuperblock.Encode(_block, journalBlocks, options.Uuid);
        await writer.WriteAsync(content.Extents[0].Physical, _block, cancellationToken).ConfigureAwait(false);
        var node = FsNode.NewFile(content, 0b110_000_000);
        node.ModificationTime = options.CreationTime;
        var plan = new InodePlan(node, InodeNumbering.JournalInode) { Names = 1 };
        await PlaceAsync(plan, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    private async ValueTask PlaceAsync(InodePlan plan, CancellationToken cancellationToken)
    {
        var node = plan.Node;
        List<Extent>? extents = null;
        switch (node.Kind)
        {
            case NodeKind.RegularFile:
                var content = node.Content is null ? null
                    : node.Content as Ext4Content ?? throw new ArgumentException("a file's content was not stored by this builder");
                if (content is { Released: true })
                {
                    throw new InvalidOperationException("a file in the tree has released content");
                }
                extents = content?.Extents ?? [];
                plan.Size = content?.Length ?? 0;
                break;
            case NodeKind.Directory:
                extents = await DirectoryWriter.WriteAsync(plan, allocator, writer, _block, cancellationToken).ConfigureAwait(false);
                plan.Size = (long)extents.Sum(extent => extent.Length) * Ext4Geometry.BlockSize;
                break;
            case NodeKind.Symlink:
                var target = Encoding.UTF8.GetBytes(node.LinkTarget ?? string.Empty);
                plan.Size = target.Length;
                if (target.Length < FastSymlinkLimit)
                {
                    target.CopyTo(plan.BlockArea, 0);
                    break;
                }
                if (target.Length >= Ext4Geometry.BlockSize)
                {
                    throw new D2lException(FailureKind.BadInput, $"a symlink target of {target.Length} bytes is longer than ext4 allows");
                }
                Array.Clear(_block);
                target.CopyTo(_block, 0);
                long at = allocator.Allocate(1).Start;
                await writer.WriteAsync(at, _block, cancellationToken).ConfigureAwait(false);
                extents = [new Extent(0, at, 1)];
                break;
            case NodeKind.CharacterDevice or NodeKind.BlockDevice:
                EncodeDevice(plan.BlockArea, node.DeviceMajor, node.DeviceMinor);
                break;
        }
        if (extents is not null)
        {
            plan.Flags |= InodePlan.ExtentsFlag;
            plan.DataBlocks = extents.Sum(extent => (long)extent.Length);
            plan.OverheadBlocks += await ExtentTreeWriter.BuildAsync(extents, plan.BlockArea, allocator, writer, cancellationToken)
                .ConfigureAwait(false);
        }
        if (node.HasXattrs && XattrEncoder.Encode(node.Xattrs, plan.StartInodeXattrs()) is { } xattrBlock)
        {
            plan.XattrBlock = allocator.Allocate(1).Start;
            plan.OverheadBlocks++;
            await writer.WriteAsync(plan.XattrBlock, xattrBlock, cancellationToken).ConfigureAwait(false);
        }
    }

    // Old encoding when both numbers fit in a byte, else the new one in the second word (as Linux's
    // new_encode_dev).
    private static void EncodeDevice(byte[] area, int major, int minor)
    {
        if (major is >= 0 and < 256 && minor is >= 0 and < 256)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(area, (uint)(major << 8 | minor));
            return;
        }
        uint encoded = (uint)(minor & 0xFF) | ((uint)major << 8) | ((uint)(minor & ~0xFF) << 12);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(area.AsSpan(4), encoded);
    }
}
