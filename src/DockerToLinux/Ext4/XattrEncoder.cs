using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Ext4;

/// <summary>
/// Lays out extended attributes: as many as fit go into the inode's spare 96 bytes (values packed from the
/// end, offsets relative to the first entry), the rest into one external block (entries sorted, each with
/// its hash, values packed from the block's end, offsets relative to the block).
/// </summary>
internal static class XattrEncoder
{
    /// <summary>Bytes after the 128-byte inode and its 32 extra bytes.</summary>
    public const int InodeRegionSize = Ext4Geometry.InodeSize - 160;

    private const uint Magic = 0xEA020000;
    private const int EntryHeaderSize = 16;
    private const int BlockHeaderSize = 32;

    /// <summary>
    /// Fills <paramref name="inodeRegion"/> and returns the external block's bytes, or null when every
    /// attribute fits in the inode. Names outside the namespaces ext4 can store are skipped.
    /// </summary>
    public static byte[]? Encode(IReadOnlyDictionary<string, byte[]> xattrs, byte[] inodeRegion)
    {
        var attributes = new List<(byte Index, byte[] Name, byte[] Value)>();
        foreach (var (fullName, value) in xattrs)
        {
            if (Split(fullName) is not { } split)
            {
                continue;
            }
            var stored = split.Index is 2 or 3 ? PosixAclConverter.ToDisk(value) : value;
            attributes.Add((split.Index, split.Name, stored));
        }
        attributes.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index)
            : a.Name.Length != b.Name.Length ? a.Name.Length.CompareTo(b.Name.Length)
            : a.Name.AsSpan().SequenceCompareTo(b.Name));

        var spill = new List<(byte Index, byte[] Name, byte[] Value)>();
        const int first = 4;
        int entryEnd = first;
        int valueStart = InodeRegionSize;
        foreach (var attribute in attributes)
        {
            int entrySize = EntrySize(attribute.Name.Length);
            int valueSize = Pad(attribute.Value.Length);
            if (entryEnd + entrySize + 4 > valueStart - valueSize)
            {
                spill.Add(attribute);
                continue;
            }
            valueStart -= valueSize;
            int valueOffset = attribute.Value.Length == 0 ? 0 : valueStart - first;
            attribute.Value.CopyTo(inodeRegion, valueStart);
            WriteEntry(inodeRegion.AsSpan(entryEnd), attribute.Index, attribute.Name, attribute.Value, valueOffset, hash: 0);
            entryEnd += entrySize;
        }
        if (entryEnd > first)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(inodeRegion, Magic);
        }
        return spill.Count == 0 ? null : EncodeBlock(spill);
    }

    private static byte[] EncodeBlock(List<(byte Index, byte[] Name, byte[] Value)> attributes)
    {
        var block = new byte[Ext4Geometry.BlockSize];
        BinaryPrimitives.WriteUInt32LittleEndian(block, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(8), 1);
        int entryEnd = BlockHeaderSize;
        int valueStart = Ext4Geometry.BlockSize;
        uint blockHash = 0;
        foreach (var (index, name, value) in attributes)
        {
            int entrySize = EntrySize(name.Length);
            int valueSize = Pad(value.Length);
            if (entryEnd + entrySize + 4 > valueStart - valueSize)
            {
                throw new D2lException(FailureKind.BadInput,
                    "a file's extended attributes do not fit in one 4 KiB block, the most ext4 stores without ea_inode");
            }
            valueStart -= valueSize;
            value.CopyTo(block, valueStart);
            uint hash = EntryHash(name, value);
            WriteEntry(block.AsSpan(entryEnd), index, name, value, value.Length == 0 ? 0 : valueStart, hash);
            blockHash = (blockHash << 16) ^ (blockHash >> 16) ^ hash;
            entryEnd += entrySize;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(12), blockHash);
        return block;
    }

    /// <summary>The ext4 hash of one entry: name bytes (as signed chars, like e2fsprogs), then value words.</summary>
    public static uint EntryHash(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        uint hash = 0;
        foreach (byte b in name)
        {
            hash = (hash << 5) ^ (hash >> 27) ^ (uint)(sbyte)b;
        }
        for (int i = 0; i < value.Length; i += 4)
        {
            uint word = 0;
            for (int j = 0; j < 4 && i + j < value.Length; j++)
            {
                word |= (uint)value[i + j] << (8 * j);
            }
            hash = (hash << 16) ^ (hash >> 16) ^ word;
        }
        return hash;
    }

    private static (byte Index, byte[] Name)? Split(string fullName)
    {
        (string Prefix, byte Index)[] prefixes =
        [
            ("system.posix_acl_access", 2), ("system.posix_acl_default", 3),
            ("user.", 1), ("trusted.", 4), ("security.", 6), ("system.", 7),
        ];
        foreach (var (prefix, index) in prefixes)
        {
            bool exact = index is 2 or 3;
            if (exact ? fullName == prefix : fullName.StartsWith(prefix, StringComparison.Ordinal))
            {
                var name = Encoding.UTF8.GetBytes(fullName[prefix.Length..]);
                return name.Length <= 255 && (exact || name.Length > 0) ? (index, name) : null;
            }
        }
        return null;
    }

    private static int EntrySize(int nameLength) => Pad(EntryHeaderSize + nameLength);

    private static int Pad(int length) => (length + 3) & ~3;

    private static void WriteEntry(Span<byte> target, byte index, byte[] name, byte[] value, int valueOffset, uint hash)
    {
        target[0] = (byte)name.Length;
        target[1] = index;
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], (ushort)valueOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(target[4..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(target[8..], (uint)value.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(target[12..], hash);
        name.CopyTo(target[EntryHeaderSize..]);
    }
}
