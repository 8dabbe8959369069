using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Boot;

/// <summary>
/// Does what <c>extlinux --install</c> does to ldlinux.sys once the file has its sectors: records where
/// its data and ADV sectors are, which directory it lives in, and a checksum the core verifies at boot.
/// </summary>
public static class LdlinuxPatcher
{
    // An extent may grow only while its byte count stays below 64 KiB, the most one BIOS read moves.
    private const int MaxExtentSectors = (64 * Units.KiB - 1) / Units.SectorBytes;

    /// <summary>
    /// Patches a copy of the unpatched image. <paramref name="sectors"/> are the partition-relative LBAs of
    /// every 512-byte sector of the installed file (image plus two ADV sectors), in file order.
    /// </summary>
    /// <param name="image">The unpatched ldlinux.sys image, a multiple of 512 bytes.</param>
    /// <param name="sectors">The file's sectors: image length / 512 + 2 of them.</param>
    /// <param name="directory">The install directory from the filesystem root, such as <c>/boot/syslinux</c>.</param>
    /// <returns>The patched image (same length as <paramref name="image"/>).</returns>
    /// <exception cref="InvalidDataException">The sectors do not fit the image's tables.</exception>
    public static byte[] Patch(ReadOnlySpan<byte> image, IReadOnlyList<long> sectors, string directory)
    {
        if (image.Length == 0 || image.Length % Units.SectorBytes != 0)
        {
            throw new ArgumentException("the ldlinux.sys image must be a whole number of sectors", nameof(image));
        }
        int dataSectors = image.Length / Units.SectorBytes;
        if (sectors.Count != dataSectors + 2)
        {
            throw new ArgumentException($"expected {dataSectors + 2} sectors, got {sectors.Count}", nameof(sectors));
        }
        var area = LdlinuxPatchArea.Read(image);
        var patched = image.ToArray();
        var span = patched.AsSpan();

        BinaryPrimitives.WriteUInt16LittleEndian(span[area.DataSectors..], (ushort)dataSectors);
        BinaryPrimitives.WriteUInt16LittleEndian(span[area.AdvSectors..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[area.Dwords..], (uint)(image.Length / 4));

        WriteExtents(span, area, sectors.Skip(1).Take(dataSectors - 1).ToList());

        BinaryPrimitives.WriteUInt64LittleEndian(span[area.AdvPointers..], (ulong)sectors[^2]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(area.AdvPointers + 8)..], (ulong)sectors[^1]);

        byte[] name = Encoding.UTF8.GetBytes(directory);
        if (name.Length >= area.Directory.Length || name.Contains((byte)0))
        {
            throw new ArgumentException($"the directory '{directory}' does not fit ldlinux.sys's {area.Directory.Length}-byte field", nameof(directory));
        }
        var field = span.Slice(area.Directory.Offset, area.Directory.Length);
        field.Clear();
        name.CopyTo(field);

        BinaryPrimitives.WriteUInt32LittleEndian(span[area.Checksum..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[area.Checksum..], SyslinuxMagic.Ldlinux - SumOfWords(span));
        return patched;
    }

    /// <summary>The u32 sum of all little-endian words, modulo 2³²: LDLINUX_MAGIC for a correctly patched image.</summary>
    public static uint SumOfWords(ReadOnlySpan<byte> image)
    {
        uint sum = 0;
        for (int at = 0; at + 4 <= image.Length; at += 4)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(image[at..]);
        }
        return sum;
    }

    // The table lists every data sector after the first (which the boot sector loads) as {u64 lba, u16 count}
    // runs, packed 10 bytes each, split at each gap and every MaxExtentSectors sectors.
    private static void WriteExtents(Span<byte> image, LdlinuxPatchArea area, IReadOnlyList<long> sectors)
    {
        var table = image.Slice(area.Extents.Offset, area.Extents.Count * 10);
        table.Clear();
        int used = 0;
        long start = 0;
        int count = 0;
        foreach (long sector in sectors)
        {
            if (count > 0 && sector == start + count && count < MaxExtentSectors)
            {
                count++;
                continue;
            }
            if (count > 0)
            {
                WriteExtent(table, used++, start, count, area.Extents.Count);
            }
            start = sector;
            count = 1;
        }
        if (count > 0)
        {
            WriteExtent(table, used, start, count, area.Extents.Count);
        }
    }

    private static void WriteExtent(Span<byte> table, int index, long lba, int count, int capacity)
    {
        if (index >= capacity)
        {
            throw new InvalidDataException($"ldlinux.sys is in more than {capacity} pieces; the boot sector cannot load it");
        }
        BinaryPrimitives.WriteUInt64LittleEndian(table[(index * 10)..], (ulong)lba);
        BinaryPrimitives.WriteUInt16LittleEndian(table[(index * 10 + 8)..], (ushort)count);
    }
}
