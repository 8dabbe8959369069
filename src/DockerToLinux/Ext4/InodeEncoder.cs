using System.Buffers.Binary;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>Writes the 256-byte inode record of a planned inode.</summary>
internal static class InodeEncoder
{
    private const ushort ExtraSize = 32;

    /// <summary>Fills <paramref name="record"/> (256 bytes, already zero) for <paramref name="plan"/>.</summary>
    public static void Encode(Span<byte> record, InodePlan plan)
    {
        var node = plan.Node;
        BinaryPrimitives.WriteUInt16LittleEndian(record, (ushort)(TypeBits(node.Kind) | (node.Permissions & 0xFFF)));
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x02..], (ushort)node.Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(record[0x04..], (uint)plan.Size);
        var (seconds, extra) = EncodeTime(node.ModificationTime);
        foreach (int offset in (ReadOnlySpan<int>)[0x08, 0x0C, 0x10, 0x90])
        {
            BinaryPrimitives.WriteInt32LittleEndian(record[offset..], seconds);
        }
        foreach (int offset in (ReadOnlySpan<int>)[0x84, 0x88, 0x8C, 0x94])
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record[offset..], extra);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x18..], (ushort)node.Gid);
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x1A..], (ushort)plan.LinkCount);
        BinaryPrimitives.WriteUInt32LittleEndian(record[0x1C..], (uint)((plan.DataBlocks + plan.OverheadBlocks) * Ext4Geometry.BlockCountUnitsPerBlock));
        BinaryPrimitives.WriteUInt32LittleEndian(record[0x20..], plan.Flags);
        plan.BlockArea.CopyTo(record[0x28..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[0x68..], (uint)plan.XattrBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(record[0x6C..], (uint)(plan.Size >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x76..], (ushort)(plan.XattrBlock >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x78..], (ushort)(node.Uid >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x7A..], (ushort)(node.Gid >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(record[0x80..], ExtraSize);
        plan.InodeXattrs?.CopyTo(record[(128 + ExtraSize)..]);
    }

    /// <summary>
    /// ext4's time encoding: the low 32 bits as a signed base, and in the extra field the nanoseconds shifted
    /// left by 2 plus two epoch bits that add multiples of 2^32 seconds (so 1901 to 2446 all fit).
    /// </summary>
    public static (int Seconds, uint Extra) EncodeTime(FsTimestamp time)
    {
        long seconds = Math.Clamp(time.Seconds, int.MinValue, int.MinValue + (4L << 32) - 1);
        int low = unchecked((int)seconds);
        uint epoch = (uint)((seconds - low) >> 32) & 3;
        uint nanoseconds = (uint)Math.Clamp(time.Nanoseconds, 0, 999_999_999);
        return (low, (nanoseconds << 2) | epoch);
    }

    private static int TypeBits(NodeKind kind) => kind switch
    {
        NodeKind.RegularFile => 0x8000,
        NodeKind.Directory => 0x4000,
        NodeKind.Symlink => 0xA000,
        NodeKind.CharacterDevice => 0x2000,
        NodeKind.BlockDevice => 0x6000,
        NodeKind.Fifo => 0x1000,
        _ => 0xC000,
    };
}
