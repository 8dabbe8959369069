using System.Buffers.Binary;

namespace DockerToLinux.Disks;

/// <summary>Builds disk sector 0 of an MBR disk: boot code, disk signature, up to four entries and 55 AA.</summary>
public static class MbrPartitionTable
{
    /// <summary>The bytes of boot code before the disk signature.</summary>
    public const int BootCodeSize = 440;

    /// <summary>Where the first of the four 16-byte entries starts.</summary>
    public const int EntriesOffset = 446;

    /// <summary>The sector for <paramref name="partitions"/>.</summary>
    /// <param name="partitions">At most four primary partitions, not overlapping, ending below 2³² sectors.</param>
    /// <param name="diskSignature">The disk's 32-bit signature (part of MBR PARTUUIDs).</param>
    /// <param name="bootCode">Up to 440 bytes of boot code, or null for none (zeros).</param>
    /// <exception cref="ArgumentException">The partitions do not fit an MBR.</exception>
    public static byte[] Build(IReadOnlyList<MbrPartition> partitions, uint diskSignature, ReadOnlySpan<byte> bootCode = default)
    {
        if (partitions.Count > 4)
        {
            throw new ArgumentException("an MBR holds at most four primary partitions", nameof(partitions));
        }
        if (bootCode.Length > BootCodeSize)
        {
            throw new ArgumentException($"boot code is {bootCode.Length} bytes; an MBR has room for {BootCodeSize}", nameof(bootCode));
        }
        Validate(partitions);
        var sector = new byte[Units.SectorBytes];
        bootCode.CopyTo(sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(BootCodeSize), diskSignature);
        for (int i = 0; i < partitions.Count; i++)
        {
            var partition = partitions[i];
            var entry = sector.AsSpan(EntriesOffset + 16 * i, 16);
            entry[0] = partition.Active ? (byte)0x80 : (byte)0;
            ChsAddress.Write(partition.StartLba, entry[1..4]);
            entry[4] = partition.Type;
            ChsAddress.Write(partition.StartLba + partition.SectorCount - 1, entry[5..8]);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)partition.StartLba);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)partition.SectorCount);
        }
        sector[510] = 0x55;
        sector[511] = 0xAA;
        return sector;
    }

    /// <summary>d2l's usual layout: one active Linux partition.</summary>
    /// <param name="startLba">First sector, normally 2048 (1 MiB).</param>
    /// <param name="sectorCount">Length in sectors.</param>
    /// <param name="diskSignature">The disk signature.</param>
    /// <param name="bootCode">mbr.bin's 440 bytes, or null for a disk without boot code.</param>
    public static byte[] SingleLinuxPartition(long startLba, long sectorCount, uint diskSignature, byte[]? bootCode) =>
        Build([new MbrPartition(startLba, sectorCount, MbrPartition.LinuxType, Active: true)], diskSignature, bootCode);

    private static void Validate(IReadOnlyList<MbrPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (partition.StartLba < 1 || partition.SectorCount < 1 || partition.StartLba + partition.SectorCount - 1 > uint.MaxValue
                || partition.Type == 0)
            {
                throw new ArgumentException($"partition {partition} does not fit an MBR (start ≥ 1, 32-bit sectors, non-zero type)",
                    nameof(partitions));
            }
        }
        var ordered = partitions.OrderBy(p => p.StartLba).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].StartLba < ordered[i - 1].StartLba + ordered[i - 1].SectorCount)
            {
                throw new ArgumentException("MBR partitions overlap", nameof(partitions));
            }
        }
        if (partitions.Count(p => p.Active) > 1)
        {
            throw new ArgumentException("mbr.bin refuses a disk with more than one active partition", nameof(partitions));
        }
    }
}
