using System.Buffers.Binary;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// A PE base relocation table (<c>.reloc</c>) laid out as grub-mkimage lays it out: one block per run of
/// addresses in the same 4 KiB page, in the order given (an address below the current block's page starts a
/// new block); each block is <c>u32 page RVA, u32 block size</c> and 16-bit entries <c>type &lt;&lt; 12 | offset</c>,
/// padded with zero entries to 8 bytes, and the last block padded so the table fills whole pages.
/// </summary>
internal static class PeBaseRelocations
{
    /// <summary>IMAGE_REL_BASED_DIR64: add the load offset to the 64-bit value at the address.</summary>
    public const int Dir64 = 10;

    private const int Page = 0x1000;

    /// <summary>The table for 64-bit absolute addresses at <paramref name="rvas"/>; empty if there are none.</summary>
    public static byte[] Build(IReadOnlyList<uint> rvas)
    {
        using var table = new MemoryStream();
        uint page = 0;
        var entries = new List<ushort>();
        foreach (uint rva in rvas)
        {
            if (entries.Count > 0 && (rva < page || rva >= page + Page))
            {
                WriteBlock(table, page, entries, EightBytePadding(entries.Count));
                entries.Clear();
            }
            if (entries.Count == 0)
            {
                page = rva & ~(uint)(Page - 1);
            }
            if (entries.Count >= Page)
            {
                throw new InvalidDataException("more base relocations in one page than a PE block holds");
            }
            entries.Add((ushort)(Dir64 << 12 | (int)(rva - page)));
        }
        if (entries.Count > 0)
        {
            long next = table.Length + 8 + 2L * entries.Count;
            WriteBlock(table, page, entries, (int)(((next + Page - 1) / Page * Page - next) / 2));
        }
        return table.ToArray();
    }

    private static int EightBytePadding(int entries) => (8 - (2 * entries) % 8) % 8 / 2;

    private static void WriteBlock(Stream table, uint page, List<ushort> entries, int padding)
    {
        var block = new byte[8 + 2 * (entries.Count + padding)];
        BinaryPrimitives.WriteUInt32LittleEndian(block, page);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)block.Length);
        for (int i = 0; i < entries.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(8 + 2 * i), entries[i]);
        }
        table.Write(block);
    }
}
