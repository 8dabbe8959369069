using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace DockerToLinux.Disks.Gpt;

/// <summary>
/// Builds a GUID partition table: the protective MBR and primary header with its entry array at the start
/// of the disk, and the backup entry array and header in the last 33 sectors. Both need the disk's final
/// size, so they are made once the size is known.
/// </summary>
public static class GptPartitionTable
{
    /// <summary>Entries in the array; 128 × 128 bytes fill sectors 2–33.</summary>
    public const int EntryCount = 128;

    /// <summary>Bytes per entry.</summary>
    public const int EntrySize = 128;

    /// <summary>Sectors the entry array takes.</summary>
    public const int EntryArraySectors = EntryCount * EntrySize / Units.SectorBytes;

    /// <summary>The first sector a partition may use: after the protective MBR, the header and the entries.</summary>
    public const long FirstUsableLba = 2 + EntryArraySectors;

    /// <summary>Sectors the backup entries and header take at the end of the disk.</summary>
    public const int BackupSectors = EntryArraySectors + 1;

    private const int HeaderSize = 92;

    /// <summary>Builds both copies of the table.</summary>
    /// <param name="partitions">The partitions, inside the usable range and not overlapping.</param>
    /// <param name="diskGuid">The disk's GUID.</param>
    /// <param name="totalSectors">The disk's size in sectors.</param>
    /// <param name="bootCode">Up to 440 bytes of MBR boot code for the protective MBR (gptmbr.bin, GRUB's boot.img), or empty.</param>
    /// <exception cref="ArgumentException">The partitions do not fit the disk or the table.</exception>
    public static GptImage Build(IReadOnlyList<GptPartition> partitions, Guid diskGuid, long totalSectors, ReadOnlySpan<byte> bootCode = default)
    {
        long lastUsable = totalSectors - BackupSectors - 1;
        Validate(partitions, lastUsable);
        var entries = new byte[EntryCount * EntrySize];
        for (int i = 0; i < partitions.Count; i++)
        {
            WriteEntry(partitions[i], entries.AsSpan(i * EntrySize, EntrySize));
        }
        uint entriesCrc = Crc32.HashToUInt32(entries);

        var start = new byte[FirstUsableLba * Units.SectorBytes];
        long protectiveCount = Math.Min(totalSectors - 1, uint.MaxValue);
        MbrPartitionTable.Build([new MbrPartition(1, protectiveCount, ProtectiveType)], 0, bootCode).CopyTo(start, 0);
        // MbrPartition's CHS fields are computed; the protective entry's are fixed by the UEFI specification.
        start[MbrPartitionTable.EntriesOffset + 1] = 0x00;
        start[MbrPartitionTable.EntriesOffset + 2] = 0x02;
        start[MbrPartitionTable.EntriesOffset + 3] = 0x00;
        start[MbrPartitionTable.EntriesOffset + 5] = 0xFF;
        start[MbrPartitionTable.EntriesOffset + 6] = 0xFF;
        start[MbrPartitionTable.EntriesOffset + 7] = 0xFF;
        WriteHeader(start.AsSpan(Units.SectorBytes, Units.SectorBytes), 1, totalSectors - 1, 2, lastUsable, diskGuid, entriesCrc);
        entries.CopyTo(start, 2 * Units.SectorBytes);

        var end = new byte[BackupSectors * Units.SectorBytes];
        entries.CopyTo(end, 0);
        WriteHeader(end.AsSpan(EntryArraySectors * Units.SectorBytes, Units.SectorBytes), totalSectors - 1, 1, totalSectors - BackupSectors,
            lastUsable, diskGuid, entriesCrc);
        return new GptImage(start, end, totalSectors - BackupSectors);
    }

    /// <summary>The MBR type byte of the protective entry.</summary>
    public const byte ProtectiveType = 0xEE;

    private static void WriteHeader(Span<byte> sector, long myLba, long alternateLba, long entriesLba, long lastUsable,
        Guid diskGuid, uint entriesCrc)
    {
        Encoding.ASCII.GetBytes("EFI PART", sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[12..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(sector[24..], myLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[32..], alternateLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[40..], FirstUsableLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[48..], lastUsable);
        diskGuid.TryWriteBytes(sector[56..]);
        BinaryPrimitives.WriteInt64LittleEndian(sector[72..], entriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[80..], EntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[84..], EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[88..], entriesCrc);
        // The header CRC covers the 92 header bytes with its own field still zero.
        BinaryPrimitives.WriteUInt32LittleEndian(sector[16..], Crc32.HashToUInt32(sector[..HeaderSize]));
    }

    private static void WriteEntry(GptPartition partition, Span<byte> entry)
    {
        partition.Type.TryWriteBytes(entry);
        partition.UniqueId.TryWriteBytes(entry[16..]);
        BinaryPrimitives.WriteInt64LittleEndian(entry[32..], partition.FirstLba);
        BinaryPrimitives.WriteInt64LittleEndian(entry[40..], partition.LastLba);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[48..], partition.Attributes);
        Encoding.Unicode.GetBytes(partition.Name, entry[56..]);
    }

    private static void Validate(IReadOnlyList<GptPartition> partitions, long lastUsable)
    {
        if (partitions.Count > EntryCount)
        {
            throw new ArgumentException($"a GPT holds at most {EntryCount} partitions", nameof(partitions));
        }
        foreach (var partition in partitions)
        {
            if (partition.FirstLba < FirstUsableLba || partition.LastLba > lastUsable || partition.LastLba < partition.FirstLba
                || partition.Type == Guid.Empty || partition.Name.Length > 36)
            {
                throw new ArgumentException($"partition {partition.Name} ({partition.FirstLba}..{partition.LastLba}) does not fit "
                    + $"the usable sectors {FirstUsableLba}..{lastUsable}, or has no type or a name over 36 characters", nameof(partitions));
            }
        }
        var ordered = partitions.OrderBy(p => p.FirstLba).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].FirstLba <= ordered[i - 1].LastLba)
            {
                throw new ArgumentException("GPT partitions overlap", nameof(partitions));
            }
        }
    }
}
