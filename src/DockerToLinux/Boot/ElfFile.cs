using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Boot;

/// <summary>
/// Just enough of the ELF format to find sections by name in a little-endian ELF32 or ELF64 file. Stripped
/// binaries keep their section headers, which is all this needs.
/// </summary>
internal static class ElfFile
{
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>True if <paramref name="bytes"/> starts with an ELF header of the given class (1 = 32-bit, 2 = 64-bit).</summary>
    public static bool HasHeader(ReadOnlySpan<byte> bytes, int elfClass) =>
        bytes.Length >= 52 && bytes[..4].SequenceEqual(ElfMagic) && bytes[4] == elfClass && bytes[5] == 1;

    /// <summary>
    /// The length an ELF32 file claims for itself: the end of its section header table, which the linker
    /// places last. Null if the header is not a little-endian ELF32 header.
    /// </summary>
    public static long? Elf32Length(ReadOnlySpan<byte> bytes)
    {
        if (!HasHeader(bytes, 1))
        {
            return null;
        }
        uint sectionTable = BinaryPrimitives.ReadUInt32LittleEndian(bytes[0x20..]);
        ushort entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x2E..]);
        ushort count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x30..]);
        return entrySize == 0 || count == 0 ? null : sectionTable + (long)entrySize * count;
    }

    /// <summary>The sections of an ELF file.</summary>
    /// <exception cref="InvalidDataException">Not a little-endian ELF file, or its section table is out of range.</exception>
    public static IReadOnlyList<ElfSection> ReadSections(ReadOnlySpan<byte> file)
    {
        bool is64 = HasHeader(file, 2) && file.Length >= 64;
        if (!is64 && !HasHeader(file, 1))
        {
            throw new InvalidDataException("not a little-endian ELF file");
        }
        long tableOffset = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(file[0x28..]) : BinaryPrimitives.ReadUInt32LittleEndian(file[0x20..]);
        int at = is64 ? 0x3A : 0x2E;
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(file[at..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(file[(at + 2)..]);
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(file[(at + 4)..]);
        if (count == 0 || namesIndex >= count || entrySize < (is64 ? 64 : 40) || tableOffset < 0
            || tableOffset + (long)entrySize * count > file.Length)
        {
            throw new InvalidDataException("the ELF section header table is missing or out of range");
        }
        var raw = new List<(uint NameOffset, ElfSection Section)>(count);
        for (int i = 0; i < count; i++)
        {
            var header = file.Slice((int)(tableOffset + (long)i * entrySize), entrySize);
            uint name = BinaryPrimitives.ReadUInt32LittleEndian(header);
            long offset = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[0x10..]);
            long size = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[0x14..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            ulong flags = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(header[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            ulong address = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(header[0x10..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[0x0C..]);
            uint link = BinaryPrimitives.ReadUInt32LittleEndian(header[(is64 ? 0x28 : 0x18)..]);
            uint info = BinaryPrimitives.ReadUInt32LittleEndian(header[(is64 ? 0x2C : 0x1C)..]);
            ulong alignment = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(header[0x30..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[0x20..]);
            long tableEntrySize = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x38..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[0x24..]);
            raw.Add((name, new ElfSection(string.Empty, offset, size, type, flags, address, link, info, alignment, tableEntrySize)));
        }
        var names = raw[namesIndex].Section;
        if (names.Offset < 0 || names.Size < 0 || names.Offset + names.Size > file.Length)
        {
            throw new InvalidDataException("the ELF section name table is out of range");
        }
        var nameTable = file.Slice((int)names.Offset, (int)names.Size);
        var sections = new List<ElfSection>(count);
        foreach (var (nameOffset, section) in raw)
        {
            string name = string.Empty;
            if (nameOffset < nameTable.Length)
            {
                var rest = nameTable[(int)nameOffset..];
                int end = rest.IndexOf((byte)0);
                name = Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
            }
            sections.Add(section with { Name = name });
        }
        return sections;
    }
}
