namespace DockerToLinux.Disks;

/// <summary>
/// The 3-byte cylinder/head/sector form of an LBA in an MBR entry, for a 255-head, 63-sector geometry.
/// Past cylinder 1023 it is the "LBA only" marker FE FF FF; Linux, GRUB and syslinux use the LBA fields.
/// </summary>
internal static class ChsAddress
{
    /// <summary>Heads per cylinder.</summary>
    public const int Heads = 255;

    /// <summary>Sectors per track.</summary>
    public const int SectorsPerTrack = 63;

    /// <summary>Writes the three bytes for <paramref name="lba"/>.</summary>
    public static void Write(long lba, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lba);
        long cylinder = lba / (Heads * SectorsPerTrack);
        if (cylinder > 1023)
        {
            destination[0] = 0xFE;
            destination[1] = 0xFF;
            destination[2] = 0xFF;
            return;
        }
        int head = (int)(lba / SectorsPerTrack % Heads);
        int sector = (int)(lba % SectorsPerTrack) + 1;
        destination[0] = (byte)head;
        destination[1] = (byte)(sector | (int)((cylinder >> 2) & 0xC0));
        destination[2] = (byte)(cylinder & 0xFF);
    }
}
