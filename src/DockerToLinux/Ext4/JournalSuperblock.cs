using System.Buffers.Binary;

namespace DockerToLinux.Ext4;

/// <summary>The internal journal's size rule and its jbd2 superblock (big-endian), marked clean.</summary>
internal static class JournalSuperblock
{
    /// <summary>Journal blocks for a filesystem of <paramref name="blocks"/> blocks, as mke2fs chooses.</summary>
    public static int BlocksFor(long blocks) => blocks switch
    {
        < 32768 => 1024,
        < 256 * 1024 => 4096,
        < 512 * 1024 => 8192,
        < 4096 * 1024 => 16384,
        < 8192 * 1024 => 32768,
        < 16384 * 1024 => 65536,
        < 32768 * 1024 => 131072,
        _ => 262144,
    };

    /// <summary>Fills the journal's first block (already zero).</summary>
    public static void Encode(Span<byte> block, int journalBlocks, Guid uuid)
    {
        BinaryPrimitives.WriteUInt32BigEndian(block, 0xC03B3998);
        BinaryPrimitives.WriteUInt32BigEndian(block[0x04..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(block[0x0C..], Ext4Geometry.BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(block[0x10..], (uint)journalBlocks);
        BinaryPrimitives.WriteUInt32BigEndian(block[0x14..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(block[0x18..], 1);
        uuid.TryWriteBytes(block[0x30..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(block[0x40..], 1);
    }
}
