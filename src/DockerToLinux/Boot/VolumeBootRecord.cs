using System.Buffers.Binary;

namespace DockerToLinux.Boot;

/// <summary>
/// The extlinux boot sector for partition sector 0: the unpatched <c>ldlinux.bss</c> with the partition's
/// geometry in its BPB and the LBA of ldlinux.sys's first sector in the two <c>mov</c> immediates the EPA names.
/// </summary>
public static class VolumeBootRecord
{
    /// <summary>Sectors per track written to the BPB, matching the 255×63 geometry of the MBR's CHS fields.</summary>
    public const int SectorsPerTrack = 63;

    /// <summary>Heads written to the BPB.</summary>
    public const int Heads = 255;

    /// <summary>Builds the 512 bytes for partition byte 0.</summary>
    /// <param name="blobs">The build the boot sector and ldlinux.sys come from.</param>
    /// <param name="ldlinuxFirstSector">Partition-relative LBA of ldlinux.sys's first sector.</param>
    /// <param name="partitionStart">The partition's first LBA on the disk (bsHiddenSecs).</param>
    /// <param name="partitionSectors">The partition's length in sectors.</param>
    public static byte[] Build(SyslinuxBlobs blobs, long ldlinuxFirstSector, long partitionStart, long partitionSectors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ldlinuxFirstSector);
        ArgumentOutOfRangeException.ThrowIfNegative(partitionStart);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionSectors);
        if (partitionStart > uint.MaxValue || partitionSectors > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(partitionSectors), "an MBR partition ends below 2 TiB");
        }
        var area = LdlinuxPatchArea.Read(blobs.Ldlinux);
        var sector = blobs.BootSector.ToArray();
        var span = sector.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x0B..], Units.SectorBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x13..], partitionSectors < 65536 ? (ushort)partitionSectors : (ushort)0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x18..], SectorsPerTrack);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x1A..], Heads);
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x1C..], (uint)partitionStart);
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x20..], (uint)partitionSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(span[area.Sect1Ptr0..], (uint)ldlinuxFirstSector);
        BinaryPrimitives.WriteUInt32LittleEndian(span[area.Sect1Ptr1..], (uint)((ulong)ldlinuxFirstSector >> 32));
        return sector;
    }
}
