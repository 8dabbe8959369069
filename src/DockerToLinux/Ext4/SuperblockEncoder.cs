using System.Buffers.Binary;
using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>The totals and identity that go into every superblock copy.</summary>
internal sealed record SuperblockFields(
    long Blocks, long Inodes, long FreeBlocks, long FreeInodes, int InodesPerGroup, Ext4Options Options, byte[] JournalBlockArea,
    long JournalSize);

/// <summary>Writes the 1024-byte superblock of the boot-safe profile (no 64bit, no checksums, no flex_bg).</summary>
internal static class SuperblockEncoder
{
    /// <summary>Bytes in a superblock.</summary>
    public const int Length = 1024;

    /// <summary>Where group 0's superblock starts in the filesystem: after 1024 bytes left to a boot sector.</summary>
    public const int PrimaryOffset = 1024;

    /// <summary>has_journal, ext_attr, dir_index.</summary>
    public const uint Compat = 0x2C;

    /// <summary>filetype, extent.</summary>
    public const uint Incompat = 0x42;

    /// <summary>sparse_super, large_file, dir_nlink, extra_isize.</summary>
    public const uint RoCompat = 0x63;

    /// <summary>Fills <paramref name="target"/> (1024 bytes, already zero) for the copy in <paramref name="group"/>.</summary>
    public static void Encode(Span<byte> target, SuperblockFields fields, long group)
    {
        var options = fields.Options;
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x00..], (uint)fields.Inodes);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x04..], (uint)fields.Blocks);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x0C..], (uint)fields.FreeBlocks);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x10..], (uint)fields.FreeInodes);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x18..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x1C..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x20..], Ext4Geometry.BlocksPerGroup);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x24..], Ext4Geometry.BlocksPerGroup);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x28..], (uint)fields.InodesPerGroup);
        WriteTime(target, 0x30, 0x274, options.CreationTime);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x36..], 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x38..], 0xEF53);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x3A..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x3C..], 1);
        WriteTime(target, 0x40, 0x277, options.CreationTime);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x4C..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x54..], 11);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x58..], Ext4Geometry.InodeSize);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x5A..], (ushort)group);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x5C..], Compat);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x60..], Incompat);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x64..], RoCompat);
        options.Uuid.TryWriteBytes(target[0x68..], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(options.Label, target.Slice(0x78, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(target[0xE0..], 8);
        options.HashSeed.TryWriteBytes(target[0xEC..], bigEndian: true, out _);
        target[0xFC] = 1;
        target[0xFD] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x100..], 0x000C);
        WriteTime(target, 0x108, 0x276, options.CreationTime);
        fields.JournalBlockArea.CopyTo(target[0x10C..]);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x148..], (uint)(fields.JournalSize >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x14C..], (uint)fields.JournalSize);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x15C..], 32);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x15E..], 32);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x160..], 1);
    }

    /// <summary>Writes one group descriptor (32 bytes, already zero).</summary>
    public static void EncodeDescriptor(Span<byte> target, long blockBitmap, long inodeBitmap, long inodeTable,
        int freeBlocks, int freeInodes, int directories)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)blockBitmap);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x04..], (uint)inodeBitmap);
        BinaryPrimitives.WriteUInt32LittleEndian(target[0x08..], (uint)inodeTable);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x0C..], (ushort)freeBlocks);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x0E..], (ushort)freeInodes);
        BinaryPrimitives.WriteUInt16LittleEndian(target[0x10..], (ushort)directories);
    }

    // Superblock times are unsigned 32-bit with an extra high byte; times before 1970 become 0.
    private static void WriteTime(Span<byte> target, int offset, int highOffset, FsTimestamp time)
    {
        long seconds = Math.Max(0, time.Seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(target[offset..], (uint)seconds);
        target[highOffset] = (byte)(seconds >> 32);
    }
}
