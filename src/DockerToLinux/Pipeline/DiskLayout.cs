using DockerToLinux.Disks.Gpt;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Where each partition goes, decided before any data is written: the root filesystem streams into its
/// partition while layers are read, so everything in front of it has a fixed size. Only the root
/// partition's length is left open; the filesystem decides it at the end.
/// </summary>
public sealed record DiskLayout
{
    /// <summary>The alignment of every partition: 1 MiB.</summary>
    public const long Alignment = Units.MiB;

    /// <summary>The size of the EFI System Partition: FAT32 with 512-byte clusters has ~516,000 clusters
    /// here (OVMF wants at least 65,525), room for a distribution kernel and a large initramfs.</summary>
    public const long EspBytes = 256L * Units.MiB;

    /// <summary>The size of a BIOS boot partition, GRUB's usual 1 MiB.</summary>
    public const long BiosBootBytes = Units.MiB;

    private DiskLayout(PartitionTable table, long? biosBootStart, long? espStart, long rootStart)
    {
        Table = table;
        BiosBootStart = biosBootStart;
        EspStart = espStart;
        RootStart = rootStart;
    }

    /// <summary>The partition table.</summary>
    public PartitionTable Table { get; }

    /// <summary>Byte offset of the BIOS boot partition, or null if there is none.</summary>
    public long? BiosBootStart { get; }

    /// <summary>Byte offset of the EFI System Partition, or null if there is none.</summary>
    public long? EspStart { get; }

    /// <summary>Byte offset of the root partition.</summary>
    public long RootStart { get; }

    /// <summary>Bytes kept free after the root partition: GPT's backup table, rounded to the alignment.</summary>
    public long TrailingBytes => Table == PartitionTable.Gpt ? Alignment : 0;

    /// <summary>The root partition's number as GRUB and Linux count (1-based, in table order).</summary>
    public int RootPartitionNumber => 1 + (BiosBootStart is null ? 0 : 1) + (EspStart is null ? 0 : 1);

    /// <summary>Plans the disk for a boot loader on a partition table.</summary>
    public static DiskLayout For(Bootloader bootloader, PartitionTable table)
    {
        long at = Alignment;
        long? biosBoot = null, esp = null;
        // On MBR, GRUB's core.img lives in the gap before the first partition; GPT needs a partition for it.
        if (table == PartitionTable.Gpt && bootloader is Bootloader.Grub or Bootloader.Hybrid)
        {
            biosBoot = at;
            at += BiosBootBytes;
        }
        if (bootloader is Bootloader.Uefi or Bootloader.Hybrid)
        {
            esp = at;
            at += EspBytes;
        }
        return new DiskLayout(table, biosBoot, esp, at);
    }

    /// <summary>The GPT entries for a root partition of <paramref name="rootBytes"/>.</summary>
    /// <param name="rootBytes">The root filesystem's size.</param>
    /// <param name="identity">Gives each partition's unique GUID.</param>
    /// <param name="legacyBootableRoot">Marks the root Legacy BIOS Bootable, for syslinux's gptmbr.bin.</param>
    public IReadOnlyList<GptPartition> GptPartitions(long rootBytes, BuildIdentity identity, bool legacyBootableRoot)
    {
        var partitions = new List<GptPartition>();
        if (BiosBootStart is { } biosBoot)
        {
            partitions.Add(new GptPartition(GptPartitionTypes.BiosBoot, identity.BiosBootPartitionGuid,
                biosBoot / Units.SectorBytes, (biosBoot + BiosBootBytes) / Units.SectorBytes - 1, 0, "BIOS boot"));
        }
        if (EspStart is { } esp)
        {
            partitions.Add(new GptPartition(GptPartitionTypes.EfiSystem, identity.EspPartitionGuid,
                esp / Units.SectorBytes, (esp + EspBytes) / Units.SectorBytes - 1, 0, "EFI System"));
        }
        partitions.Add(new GptPartition(GptPartitionTypes.RootX86_64, identity.RootPartitionGuid,
            RootStart / Units.SectorBytes, (RootStart + rootBytes) / Units.SectorBytes - 1, legacyBootableRoot ? GptPartition.LegacyBiosBootable : 0, "root"));
        return partitions;
    }
}
