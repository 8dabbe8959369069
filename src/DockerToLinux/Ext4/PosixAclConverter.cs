using System.Buffers.Binary;

namespace DockerToLinux.Ext4;

/// <summary>
/// Converts a POSIX ACL from the form tar and the VFS use (version 2, 8-byte entries) to ext4's on-disk form
/// (version 1; owner, group-owner, mask and other entries without the id field), as the kernel and
/// mke2fs -d do. Values already in disk form or not recognised are kept verbatim.
/// </summary>
internal static class PosixAclConverter
{
    private const uint XattrVersion = 2;
    private const uint DiskVersion = 1;
    private const ushort NamedUser = 0x02;
    private const ushort NamedGroup = 0x08;

    /// <summary>The on-disk bytes for an ACL xattr value.</summary>
    public static byte[] ToDisk(byte[] value)
    {
        if (value.Length < 4 || (value.Length - 4) % 8 != 0
            || BinaryPrimitives.ReadUInt32LittleEndian(value) != XattrVersion)
        {
            return value;
        }
        var disk = new List<byte>(value.Length);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, DiskVersion);
        disk.AddRange(word);
        for (int at = 4; at < value.Length; at += 8)
        {
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(at));
            disk.AddRange(value.AsSpan(at, 4));
            if (tag is NamedUser or NamedGroup)
            {
                disk.AddRange(value.AsSpan(at + 4, 4));
            }
        }
        return [.. disk];
    }
}
