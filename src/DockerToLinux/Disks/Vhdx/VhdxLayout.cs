namespace DockerToLinux.Disks.Vhdx;

/// <summary>
/// Where the structures of a VHDX file are (MS-VHDX): the header section's five 64 KiB parts, then 1 MiB-aligned
/// regions. d2l writes them as Hyper-V does: log, metadata and BAT each at its own MiB, data blocks after them.
/// </summary>
internal static class VhdxLayout
{
    /// <summary>Every part of the header section takes 64 KiB.</summary>
    public const int HeaderSectionStride = 64 * Units.KiB;

    /// <summary>The two headers, the current one being the valid one with the higher sequence number.</summary>
    public const long Header1 = 64 * Units.KiB, Header2 = 128 * Units.KiB;

    /// <summary>The region table and its copy.</summary>
    public const long RegionTable1 = 192 * Units.KiB, RegionTable2 = 256 * Units.KiB;

    /// <summary>Regions, the log and payload blocks are aligned to 1 MiB.</summary>
    public const int Alignment = Units.MiB;

    /// <summary>The log: 1 MiB at 1 MiB, all zeros (no entries to replay, so the log GUID is null).</summary>
    public const long LogOffset = Units.MiB, LogLength = Units.MiB;

    /// <summary>The metadata region: 1 MiB at 2 MiB.</summary>
    public const long MetadataOffset = 2 * Units.MiB, MetadataLength = Units.MiB;

    /// <summary>The BAT region starts at 3 MiB.</summary>
    public const long BatOffset = 3 * Units.MiB;

    /// <summary>
    /// d2l's payload block: 1 MiB, the block size Microsoft recommends for Linux guests' VHDX files (ext4
    /// spreads small allocations, and larger blocks would store mostly zeros).
    /// </summary>
    public const int BlockSize = Units.MiB;

    /// <summary>Logical sector size: 512, as the MBR and GPT d2l writes assume.</summary>
    public const int LogicalSectorSize = Units.SectorBytes;

    /// <summary>Physical sector size: 4096, as Hyper-V gives new disks.</summary>
    public const int PhysicalSectorSize = 4096;

    /// <summary>The largest virtual disk the format allows: 64 TiB.</summary>
    public const long MaximumSize = 64 * Units.TiB;

    /// <summary>BAT region GUID.</summary>
    public static readonly Guid BatRegion = new("2DC27766-F623-4200-9D64-115E9BFD4A08");

    /// <summary>Metadata region GUID.</summary>
    public static readonly Guid MetadataRegion = new("8B7CA206-4790-4B9A-B8FE-575F050F886E");

    /// <summary>
    /// Payload blocks per sector bitmap block: 2^23 sectors of bitmap bits times the logical sector size,
    /// over the block size. The BAT holds a sector bitmap entry after every this many payload entries.
    /// </summary>
    public static long ChunkRatio(int blockSize, int logicalSectorSize) => (1L << 23) * logicalSectorSize / blockSize;

    /// <summary>Entries of the BAT of a dynamic disk of <paramref name="size"/> bytes, sector bitmap entries included.</summary>
    public static long BatEntries(long size, int blockSize, int logicalSectorSize)
    {
        long payload = (size + blockSize - 1) / blockSize;
        long ratio = ChunkRatio(blockSize, logicalSectorSize);
        return payload + (payload - 1) / ratio;
    }

    /// <summary>The BAT index of payload block <paramref name="block"/>.</summary>
    public static long BatIndex(long block, int blockSize, int logicalSectorSize) =>
        block + block / ChunkRatio(blockSize, logicalSectorSize);

    /// <summary>Rounds up to a whole MiB.</summary>
    public static long AlignUp(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}
