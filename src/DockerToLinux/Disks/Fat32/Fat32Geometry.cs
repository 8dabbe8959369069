namespace DockerToLinux.Disks.Fat32;

/// <summary>
/// The shape of a FAT32 volume of a given size: cluster size from the table mkfs.fat and Microsoft's
/// fatgen103 use, the smallest FAT that maps every cluster, and where the data region starts.
/// </summary>
public sealed record Fat32Geometry
{
    /// <summary>
    /// Bytes per sector (the boot sector's BPB field): the disk's sector, so that firmware reading the
    /// volume in disk sectors and the FAT counting in its own sectors agree. The only size d2l writes.
    /// </summary>
    public const int BytesPerSector = Units.SectorBytes;

    /// <summary>Reserved sectors before the first FAT (boot sector, FSInfo, backups at 6 and 7).</summary>
    public const int ReservedSectors = 32;

    /// <summary>Number of FAT copies.</summary>
    public const int FatCount = 2;

    /// <summary>The fewest clusters a FAT32 volume may have; OVMF rejects smaller ones as corrupt.</summary>
    public const long MinimumClusters = 65_525;

    /// <summary>The volume's size in sectors.</summary>
    public required long TotalSectors { get; init; }

    /// <summary>Sectors per cluster.</summary>
    public required int SectorsPerCluster { get; init; }

    /// <summary>Sectors per FAT copy.</summary>
    public required long FatSectors { get; init; }

    /// <summary>The number of data clusters, numbered 2 … Clusters + 1.</summary>
    public required long Clusters { get; init; }

    /// <summary>Bytes per cluster.</summary>
    public int ClusterBytes => SectorsPerCluster * BytesPerSector;

    /// <summary>The first sector of the data region (cluster 2).</summary>
    public long DataStartSector => ReservedSectors + FatCount * FatSectors;

    /// <summary>The byte offset of a cluster inside the volume.</summary>
    public long ClusterOffset(long cluster) => (DataStartSector + (cluster - 2) * SectorsPerCluster) * BytesPerSector;

    /// <summary>Computes the geometry for a volume of <paramref name="sizeBytes"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Too small for FAT32 or larger than 2 TiB.</exception>
    public static Fat32Geometry For(long sizeBytes)
    {
        long sectors = sizeBytes / BytesPerSector;
        if (sectors > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBytes), "a FAT32 volume ends below 2 TiB");
        }
        int perCluster = sectors switch
        {
            <= 532_480 => 1,
            <= 16_777_216 => 8,
            <= 33_554_432 => 16,
            <= 67_108_864 => 32,
            _ => 64,
        };
        // Each FAT sector maps 128 clusters; the two reserved entries count too.
        long fat = (sectors - ReservedSectors + 2L * perCluster + 128L * perCluster + 1) / (128L * perCluster + 2);
        long clusters = (sectors - ReservedSectors - FatCount * fat) / perCluster;
        if (clusters < MinimumClusters)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBytes),
                $"{sizeBytes} bytes give {clusters} clusters; FAT32 needs at least {MinimumClusters} (about 33 MiB)");
        }
        return new Fat32Geometry { TotalSectors = sectors, SectorsPerCluster = perCluster, FatSectors = fat, Clusters = clusters };
    }
}
