using System.Buffers.Binary;

namespace DockerToLinux.Boot;

/// <summary>
/// syslinux's Auxiliary Data Vector: a 512-byte sector (stored twice at the end of ldlinux.sys) that
/// holds boot-once and saved-menu records. d2l writes it empty.
/// </summary>
public static class AdvSector
{
    /// <summary>The size of one ADV copy.</summary>
    public const int Size = Units.SectorBytes;

    /// <summary>An empty ADV: both magics, no records, and the checksum that makes bytes 4..507 sum right.</summary>
    public static byte[] Empty()
    {
        var sector = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(sector, SyslinuxMagic.AdvHead);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(508), SyslinuxMagic.AdvTail);
        // With all data bytes zero, the checksum word alone must make the sum.
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(4), SyslinuxMagic.AdvSum);
        return sector;
    }

    /// <summary>True if <paramref name="sector"/> has both magics and a correct checksum, as the core checks it.</summary>
    public static bool IsValid(ReadOnlySpan<byte> sector)
    {
        if (sector.Length != Size
            || BinaryPrimitives.ReadUInt32LittleEndian(sector) != SyslinuxMagic.AdvHead
            || BinaryPrimitives.ReadUInt32LittleEndian(sector[508..]) != SyslinuxMagic.AdvTail)
        {
            return false;
        }
        uint sum = 0;
        for (int at = 4; at < 508; at += 4)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(sector[at..]);
        }
        return sum == SyslinuxMagic.AdvSum;
    }
}
