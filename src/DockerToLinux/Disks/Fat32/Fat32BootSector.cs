using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Disks.Fat32;

/// <summary>The FAT32 boot sector (BPB) and FSInfo sector; each is written twice, at sectors 0–1 and 6–7.</summary>
internal static class Fat32BootSector
{
    /// <summary>The boot sector: FAT32 BPB, and boot code that only asks the BIOS for the next disk (int 18h).</summary>
    public static byte[] Build(Fat32Geometry geometry, long hiddenSectors, uint volumeId, byte[] label)
    {
        var sector = new byte[Fat32Geometry.BytesPerSector];
        var span = sector.AsSpan();
        span[0] = 0xEB;
        span[1] = 0x58;
        span[2] = 0x90;
        Encoding.ASCII.GetBytes("d2l     ", span[3..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[11..], Fat32Geometry.BytesPerSector);
        span[13] = (byte)geometry.SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], Fat32Geometry.ReservedSectors);
        span[16] = Fat32Geometry.FatCount;
        span[21] = 0xF8;
        BinaryPrimitives.WriteUInt16LittleEndian(span[24..], 63);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], 255);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)hiddenSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(span[32..], (uint)geometry.TotalSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(span[36..], (uint)geometry.FatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(span[44..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[48..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[50..], 6);
        span[64] = 0x80;
        span[66] = 0x29;
        BinaryPrimitives.WriteUInt32LittleEndian(span[67..], volumeId);
        label.CopyTo(span[71..]);
        Encoding.ASCII.GetBytes("FAT32   ", span[82..]);
        span[90] = 0xCD;
        span[91] = 0x18;
        span[510] = 0x55;
        span[511] = 0xAA;
        return sector;
    }

    /// <summary>FSInfo with the exact free count (fsck.fat checks it) and the next-free hint.</summary>
    public static byte[] BuildFsInfo(long freeClusters, long nextFree)
    {
        var sector = new byte[Fat32Geometry.BytesPerSector];
        var span = sector.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x41615252);
        BinaryPrimitives.WriteUInt32LittleEndian(span[484..], 0x61417272);
        BinaryPrimitives.WriteUInt32LittleEndian(span[488..], (uint)freeClusters);
        BinaryPrimitives.WriteUInt32LittleEndian(span[492..], (uint)nextFree);
        BinaryPrimitives.WriteUInt32LittleEndian(span[508..], 0xAA550000);
        return sector;
    }
}
