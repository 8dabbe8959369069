using System.Buffers.Binary;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>
/// Writes a linear directory: <c>.</c> and <c>..</c> first, then the entries in name order, each block's
/// record lengths summing to the block size (the last entry absorbs the slack).
/// </summary>
internal static class DirectoryWriter
{
    private const int HeaderSize = 8;

    /// <summary>The dirent file_type code of a node kind.</summary>
    public static byte FileType(NodeKind kind) => kind switch
    {
        NodeKind.RegularFile => 1,
        NodeKind.Directory => 2,
        NodeKind.CharacterDevice => 3,
        NodeKind.BlockDevice => 4,
        NodeKind.Fifo => 5,
        NodeKind.Socket => 6,
        _ => 7,
    };

    /// <summary>Allocates and writes the directory's blocks, returning their extents.</summary>
    public static async ValueTask<List<Extent>> WriteAsync(InodePlan directory, BlockAllocator allocator,
        BlockWriter writer, byte[] block, CancellationToken cancellationToken)
    {
        var extents = new List<Extent>();
        long logical = 0;
        Array.Clear(block);
        int offset = Put(block, 0, directory.Number, "."u8, 2, 12);
        int last = offset;
        offset = Put(block, offset, directory.Parent, ".."u8, 2, 12);
        foreach (var (name, child) in directory.Children)
        {
            int size = RecordSize(name.Length);
            if (offset + size > Ext4Geometry.BlockSize)
            {
                Stretch(block, last, offset);
                await EmitAsync().ConfigureAwait(false);
                Array.Clear(block);
                offset = 0;
            }
            last = offset;
            offset = Put(block, offset, child.Number, name, FileType(child.Node.Kind), size);
        }
        Stretch(block, last, offset);
        await EmitAsync().ConfigureAwait(false);
        for (int i = 0; i < directory.ExtraDirectoryBlocks; i++)
        {
            Array.Clear(block);
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(4), Ext4Geometry.BlockSize);
            await EmitAsync().ConfigureAwait(false);
        }
        return extents;

        async ValueTask EmitAsync()
        {
            long at = allocator.Allocate(1).Start;
            await writer.WriteAsync(at, block, cancellationToken).ConfigureAwait(false);
            Extent.Append(extents, logical++, at, 1);
        }
    }

    private static int RecordSize(int nameLength) => (HeaderSize + nameLength + 3) & ~3;

    // The last entry in a block takes the rest of it.
    private static void Stretch(byte[] block, int last, int end) =>
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(last + 4),
            (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(last + 4)) + Ext4Geometry.BlockSize - end));

    private static int Put(byte[] block, int offset, uint inode, ReadOnlySpan<byte> name, byte type, int recordLength)
    {
        var entry = block.AsSpan(offset);
        BinaryPrimitives.WriteUInt32LittleEndian(entry, inode);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], (ushort)recordLength);
        entry[6] = (byte)name.Length;
        entry[7] = type;
        name.CopyTo(entry[HeaderSize..]);
        return offset + recordLength;
    }
}
