using System.Buffers.Binary;

namespace DockerToLinux.Ext4;

/// <summary>
/// Builds an inode's extent tree: up to 4 extents live in i_block; more go to leaf blocks of 340 entries
/// under index levels, each index entry starting at its child's first logical block (e2fsck insists).
/// </summary>
internal static class ExtentTreeWriter
{
    private const ushort Magic = 0xF30A;
    private const int EntrySize = 12;
    private const int RootCapacity = 4;
    private const int BlockCapacity = (Ext4Geometry.BlockSize - EntrySize) / EntrySize;

    /// <summary>Fills <paramref name="root"/> (60 bytes) and writes any tree blocks; returns how many there are.</summary>
    public static async ValueTask<long> BuildAsync(IReadOnlyList<Extent> extents, byte[] root, BlockAllocator allocator,
        BlockWriter writer, CancellationToken cancellationToken)
    {
        if (extents.Count <= RootCapacity)
        {
            WriteHeader(root, extents.Count, RootCapacity, 0);
            for (int i = 0; i < extents.Count; i++)
            {
                WriteLeaf(root.AsSpan(EntrySize * (i + 1)), extents[i]);
            }
            return 0;
        }
        var block = new byte[Ext4Geometry.BlockSize];
        var nodes = new List<(long First, long Block)>();
        long treeBlocks = 0;
        for (int start = 0; start < extents.Count; start += BlockCapacity)
        {
            int count = Math.Min(BlockCapacity, extents.Count - start);
            Array.Clear(block);
            WriteHeader(block, count, BlockCapacity, 0);
            for (int i = 0; i < count; i++)
            {
                WriteLeaf(block.AsSpan(EntrySize * (i + 1)), extents[start + i]);
            }
            long at = allocator.Allocate(1).Start;
            await writer.WriteAsync(at, block, cancellationToken).ConfigureAwait(false);
            nodes.Add((extents[start].Logical, at));
            treeBlocks++;
        }
        int depth = 1;
        while (nodes.Count > RootCapacity)
        {
            var parents = new List<(long First, long Block)>();
            for (int start = 0; start < nodes.Count; start += BlockCapacity)
            {
                int count = Math.Min(BlockCapacity, nodes.Count - start);
                Array.Clear(block);
                WriteHeader(block, count, BlockCapacity, depth);
                for (int i = 0; i < count; i++)
                {
                    WriteIndex(block.AsSpan(EntrySize * (i + 1)), nodes[start + i]);
                }
                long at = allocator.Allocate(1).Start;
                await writer.WriteAsync(at, block, cancellationToken).ConfigureAwait(false);
                parents.Add((nodes[start].First, at));
                treeBlocks++;
            }
            nodes = parents;
            depth++;
        }
        Array.Clear(root);
        WriteHeader(root, nodes.Count, RootCapacity, depth);
        for (int i = 0; i < nodes.Count; i++)
        {
            WriteIndex(root.AsSpan(EntrySize * (i + 1)), nodes[i]);
        }
        return treeBlocks;
    }

    private static void WriteHeader(Span<byte> target, int entries, int capacity, int depth)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(target, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], (ushort)entries);
        BinaryPrimitives.WriteUInt16LittleEndian(target[4..], (ushort)capacity);
        BinaryPrimitives.WriteUInt16LittleEndian(target[6..], (ushort)depth);
        BinaryPrimitives.WriteUInt32LittleEndian(target[8..], 0);
    }

    private static void WriteLeaf(Span<byte> target, Extent extent)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)extent.Logical);
        BinaryPrimitives.WriteUInt16LittleEndian(target[4..], (ushort)extent.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(target[6..], (ushort)(extent.Physical >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(target[8..], (uint)extent.Physical);
    }

    private static void WriteIndex(Span<byte> target, (long First, long Block) node)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)node.First);
        BinaryPrimitives.WriteUInt32LittleEndian(target[4..], (uint)node.Block);
        BinaryPrimitives.WriteUInt16LittleEndian(target[8..], (ushort)(node.Block >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(target[10..], 0);
    }
}
