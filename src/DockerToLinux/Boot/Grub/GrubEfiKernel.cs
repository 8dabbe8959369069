using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// GRUB's x86_64-efi <c>kernel.img</c> linked as grub-mkimage links it for a PE image. The kernel ships as a
/// relocatable ELF64 object: its code sections go first from the end of the PE headers (RVA 0x1000), the data
/// sections follow from the next page, then .bss, whose bytes the image holds as zeros; symbols become RVAs,
/// relocations are applied for image base 0, and every absolute 64-bit one is listed for the PE's base
/// relocation table, so the firmware can load GRUB anywhere.
/// </summary>
/// <param name="Image">The linked kernel, <see cref="Size"/> bytes: code, data and zeroed .bss.</param>
/// <param name="CodeSize">Bytes of code, page-aligned: the PE's .text section; the rest is .data.</param>
/// <param name="EntryPoint">The RVA of <c>_start</c> (or <c>start</c>).</param>
/// <param name="AbsoluteRelocations">RVAs of the 64-bit absolute addresses, in the kernel's relocation order.</param>
internal sealed record GrubEfiKernel(byte[] Image, int CodeSize, uint EntryPoint, IReadOnlyList<uint> AbsoluteRelocations)
{
    /// <summary>The PE headers' size, and so the RVA where the first section starts.</summary>
    public const int HeaderSize = 0x1000;

    /// <summary>The PE section and file alignment GRUB uses: one EFI page.</summary>
    public const int PageSize = 0x1000;

    private const ushort MachineX86_64 = 62;
    private const uint R64 = 1, Pc32 = 2, Plt32 = 4, R32 = 10, R32S = 11, Pc64 = 24;
    private const ushort UndefinedSection = 0, AbsoluteSection = 0xFFF1;

    /// <summary>The kernel's size, page-aligned.</summary>
    public int Size => Image.Length;

    /// <summary>Links <paramref name="elf"/>.</summary>
    /// <exception cref="InvalidDataException">Not an x86-64 relocatable ELF file, or one with a symbol or relocation GRUB's loader cannot take.</exception>
    public static GrubEfiKernel Link(byte[] elf)
    {
        if (!ElfFile.HasHeader(elf, 2) || elf.Length < 64 || BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x12)) != MachineX86_64)
        {
            throw new InvalidDataException("kernel.img is not an x86-64 ELF64 file");
        }
        var sections = ElfFile.ReadSections(elf);
        var layout = Layout(sections);
        var symbols = SymbolValues(elf, sections, layout, out uint entry);

        var work = elf.ToArray();
        var absolute = new List<uint>();
        for (int r = 0; r < sections.Count; r++)
        {
            var table = sections[r];
            if (table.Type is not (ElfSection.RelocationsWithAddends or ElfSection.Relocations) || !IsKeptRelocationTable(table, sections))
            {
                continue;
            }
            var target = sections[(int)table.Info];
            long targetAddress = layout.Addresses[(int)table.Info];
            bool withAddends = table.Type == ElfSection.RelocationsWithAddends;
            long entrySize = table.EntrySize > 0 ? table.EntrySize : withAddends ? 24 : 16;
            for (long at = table.Offset; at + entrySize <= table.Offset + table.Size; at += entrySize)
            {
                long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)at));
                ulong info = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)at + 8));
                long addend = withAddends ? BinaryPrimitives.ReadInt64LittleEndian(elf.AsSpan((int)at + 16)) : 0;
                uint type = (uint)info;
                ulong symbol = symbols[(int)(info >> 32)];
                var place = work.AsSpan((int)(target.Offset + offset));
                ulong pcRelative = symbol + (ulong)addend - (ulong)targetAddress - (ulong)offset - HeaderSize;
                switch (type)
                {
                    case 0:
                        break;
                    case R64:
                        BinaryPrimitives.WriteUInt64LittleEndian(place, BinaryPrimitives.ReadUInt64LittleEndian(place) + (ulong)addend + symbol);
                        absolute.Add((uint)(HeaderSize + targetAddress + offset));
                        break;
                    case Pc32 or Plt32:
                        BinaryPrimitives.WriteUInt32LittleEndian(place, (uint)(BinaryPrimitives.ReadUInt32LittleEndian(place) + pcRelative));
                        break;
                    case Pc64:
                        BinaryPrimitives.WriteUInt64LittleEndian(place, BinaryPrimitives.ReadUInt64LittleEndian(place) + pcRelative);
                        break;
                    default:
                        // R_X86_64_32(S) would need a 32-bit base relocation, which GRUB's kernel never has.
                        throw new InvalidDataException($"kernel.img has relocation type {type}{(type is R32 or R32S ? " (32-bit absolute)" : string.Empty)}, "
                            + "which a relocatable PE image cannot carry");
                }
            }
        }

        var image = new byte[layout.End];
        for (int i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            if (IsKept(section) && section.Type != ElfSection.NoBits)
            {
                work.AsSpan((int)section.Offset, (int)section.Size).CopyTo(image.AsSpan((int)layout.Addresses[i]));
            }
        }
        return new GrubEfiKernel(image, (int)layout.CodeSize, entry, absolute);
    }

    private sealed record SectionLayout(long[] Addresses, long CodeSize, long BssStart, long End);

    // Code, then (from the next page) data, then .bss; offsets are from the first section, RVAs add HeaderSize.
    private static SectionLayout Layout(IReadOnlyList<ElfSection> sections)
    {
        var addresses = new long[sections.Count];
        long Place(long at, Func<ElfSection, bool> kind)
        {
            for (int i = 0; i < sections.Count; i++)
            {
                if (kind(sections[i]))
                {
                    uint align = (uint)sections[i].Alignment;
                    at = align == 0 ? at : AlignUp(at + HeaderSize, align) - HeaderSize;
                    addresses[i] = at;
                    at += sections[i].Size;
                }
            }
            return at;
        }
        long code = AlignUp(Place(0, IsCode), PageSize);
        long bssStart = Place(code, s => IsData(s) && s.Type != ElfSection.NoBits);
        long end = AlignUp(Place(bssStart, s => IsData(s) && s.Type == ElfSection.NoBits), PageSize);
        return new SectionLayout(addresses, code, bssStart, end);
    }

    // Symbol values after linking: RVAs for defined symbols; __bss_start and _end as grub-mkimage defines them.
    private static ulong[] SymbolValues(byte[] elf, IReadOnlyList<ElfSection> sections, SectionLayout layout, out uint entry)
    {
        var table = sections.FirstOrDefault(s => s.Type == ElfSection.SymbolTable)
            ?? throw new InvalidDataException("kernel.img has no symbol table");
        var names = sections[(int)table.Link];
        long entrySize = table.EntrySize > 0 ? table.EntrySize : 24;
        var values = new ulong[table.Size / entrySize];
        long? start = null;
        for (int i = 0; i < values.Length; i++)
        {
            var symbol = elf.AsSpan((int)(table.Offset + i * entrySize), (int)entrySize);
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(symbol);
            ushort sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]);
            values[i] = BinaryPrimitives.ReadUInt64LittleEndian(symbol[8..]);
            string name = Name(elf, names, nameOffset);
            if (sectionIndex == AbsoluteSection || (sectionIndex == UndefinedSection && nameOffset == 0))
            {
                continue;
            }
            values[i] = sectionIndex switch
            {
                UndefinedSection when name == "__bss_start" => (ulong)layout.BssStart,
                UndefinedSection when name == "_end" => (ulong)layout.End,
                UndefinedSection => throw new InvalidDataException($"kernel.img needs the undefined symbol {name}"),
                _ when sectionIndex >= sections.Count => throw new InvalidDataException($"kernel.img's symbol {name} is in a missing section"),
                _ => values[i] + (ulong)(layout.Addresses[sectionIndex] + HeaderSize),
            };
            if (start is null && name is "_start" or "start")
            {
                start = (long)values[i];
            }
        }
        entry = (uint)(start ?? throw new InvalidDataException("kernel.img defines no _start"));
        return values;
    }

    private static string Name(byte[] elf, ElfSection names, uint offset)
    {
        if (offset >= names.Size)
        {
            return string.Empty;
        }
        var rest = elf.AsSpan((int)(names.Offset + offset), (int)(names.Size - offset));
        int end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    private static bool IsCode(ElfSection s) => (s.Flags & (ElfSection.Execute | ElfSection.Alloc)) == (ElfSection.Execute | ElfSection.Alloc);

    private static bool IsData(ElfSection s) => (s.Flags & (ElfSection.Execute | ElfSection.Alloc)) == ElfSection.Alloc;

    private static bool IsKept(ElfSection s) => IsCode(s) || IsData(s);

    // ".rela.text" patches the section named ".text"; grub-mkimage matches by name, and translates a table
    // whose name does not say which section it patches.
    private static bool IsKeptRelocationTable(ElfSection table, IReadOnlyList<ElfSection> sections)
    {
        string? patched = table.Name.StartsWith(".rela.", StringComparison.Ordinal) ? table.Name[5..]
            : table.Name.StartsWith(".rel.", StringComparison.Ordinal) ? table.Name[4..]
            : null;
        return patched is null || sections.FirstOrDefault(s => s.Name == patched) is { } section && IsKept(section);
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);
}
