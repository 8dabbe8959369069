using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Disks.Fat32;

/// <summary>
/// Encodes a directory's 32-byte entries: <c>.</c> and <c>..</c> in subdirectories, the volume label in the
/// root, then each child as long-name entries (highest sequence first) directly before its short entry.
/// </summary>
internal static class FatDirectoryEncoder
{
    private const int EntrySize = 32;
    private const byte DirectoryAttribute = 0x10, ArchiveAttribute = 0x20, VolumeLabelAttribute = 0x08, LongNameAttribute = 0x0F;

    /// <summary>The entries of <paramref name="directory"/>; its children's clusters must be set.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="parentCluster">The parent's first cluster, 0 for the root's children (FAT's rule), or null for the root itself.</param>
    /// <param name="label">The 11-byte volume label, written into the root only.</param>
    /// <param name="time">The time stamp of every entry.</param>
    public static byte[] Encode(FatNode directory, uint? parentCluster, byte[] label, DateTime time)
    {
        var entries = new List<byte[]>();
        var (date, clock) = Encode(time);
        if (parentCluster is { } parent)
        {
            entries.Add(ShortEntry(Encoding.ASCII.GetBytes(".          "), 0, DirectoryAttribute, directory.FirstCluster, 0, date, clock));
            entries.Add(ShortEntry(Encoding.ASCII.GetBytes("..         "), 0, DirectoryAttribute, parent, 0, date, clock));
        }
        else
        {
            entries.Add(ShortEntry(label, 0, VolumeLabelAttribute, 0, 0, date, clock));
        }
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in directory.Children)
        {
            var shortName = FatShortName.For(child.Name, taken);
            taken.Add(Encoding.ASCII.GetString(shortName.Bytes));
            if (shortName.NeedsLongName)
            {
                entries.AddRange(LongEntries(child.Name, shortName.Checksum()));
            }
            entries.Add(ShortEntry(shortName.Bytes, shortName.CaseFlags, child.IsDirectory ? DirectoryAttribute : ArchiveAttribute,
                child.FirstCluster, child.IsDirectory ? 0 : child.Size, date, clock));
        }
        var bytes = new byte[entries.Count * EntrySize];
        for (int i = 0; i < entries.Count; i++)
        {
            entries[i].CopyTo(bytes, i * EntrySize);
        }
        return bytes;
    }

    private static byte[] ShortEntry(byte[] name, byte caseFlags, byte attributes, uint cluster, uint size, ushort date, ushort clock)
    {
        var entry = new byte[EntrySize];
        name.CopyTo(entry, 0);
        entry[11] = attributes;
        entry[12] = caseFlags;
        var span = entry.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], clock);
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], date);
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], date);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)(cluster >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], clock);
        BinaryPrimitives.WriteUInt16LittleEndian(span[24..], date);
        BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)cluster);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], size);
        return entry;
    }

    // Thirteen UTF-16 units per entry, in three runs; after the name one 0x0000, then 0xFFFF padding.
    private static IEnumerable<byte[]> LongEntries(string name, byte checksum)
    {
        if (name.Length > 255)
        {
            throw new ArgumentException($"FAT long names hold at most 255 characters: {name}", nameof(name));
        }
        int count = (name.Length + 12) / 13;
        var units = new ushort[count * 13];
        Array.Fill(units, (ushort)0xFFFF);
        for (int i = 0; i < name.Length; i++)
        {
            units[i] = name[i];
        }
        if (name.Length < units.Length)
        {
            units[name.Length] = 0;
        }
        int[] offsets = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
        for (int sequence = count; sequence >= 1; sequence--)
        {
            var entry = new byte[EntrySize];
            entry[0] = (byte)(sequence | (sequence == count ? 0x40 : 0));
            entry[11] = LongNameAttribute;
            entry[13] = checksum;
            for (int j = 0; j < 13; j++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(offsets[j]), units[(sequence - 1) * 13 + j]);
            }
            yield return entry;
        }
    }

    private static (ushort Date, ushort Time) Encode(DateTime time)
    {
        if (time.Year < 1980)
        {
            time = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }
        if (time.Year > 2107)
        {
            time = new DateTime(2107, 12, 31, 23, 59, 58, DateTimeKind.Utc);
        }
        ushort date = (ushort)(((time.Year - 1980) << 9) | (time.Month << 5) | time.Day);
        ushort clock = (ushort)((time.Hour << 11) | (time.Minute << 5) | (time.Second / 2));
        return (date, clock);
    }
}
