namespace DockerToLinux.Boot;

/// <summary>One section of an ELF file: its name and where its bytes are in the file and in memory.</summary>
/// <param name="Name">The section name, such as <c>.data</c>.</param>
/// <param name="Offset">File offset of the section's bytes.</param>
/// <param name="Size">Length of the section in the file.</param>
/// <param name="Type">sh_type: 1 PROGBITS, 8 NOBITS…</param>
/// <param name="Flags">sh_flags: 2 = SHF_ALLOC, occupies memory at run time.</param>
/// <param name="Address">sh_addr: where the section is loaded.</param>
/// <param name="Link">sh_link: for a symbol table, its string table's index.</param>
/// <param name="Info">sh_info: for a relocation table, the index of the section it patches.</param>
/// <param name="Alignment">sh_addralign: the section's alignment in memory (0 or 1 for none).</param>
/// <param name="EntrySize">sh_entsize: the size of one entry of a table section.</param>
internal sealed record ElfSection(string Name, long Offset, long Size, uint Type = 0, ulong Flags = 0, ulong Address = 0,
    uint Link = 0, uint Info = 0, ulong Alignment = 0, long EntrySize = 0)
{
    /// <summary>sh_type of a section with bytes in the file.</summary>
    public const uint ProgBits = 1;

    /// <summary>sh_type of a section that occupies memory but has no bytes in the file (.bss).</summary>
    public const uint NoBits = 8;

    /// <summary>sh_type of a symbol table.</summary>
    public const uint SymbolTable = 2;

    /// <summary>sh_type of a relocation table with addends.</summary>
    public const uint RelocationsWithAddends = 4;

    /// <summary>sh_type of a relocation table without addends.</summary>
    public const uint Relocations = 9;

    /// <summary>sh_flags bit of a section that occupies memory.</summary>
    public const ulong Alloc = 2;

    /// <summary>sh_flags bit of a section that holds machine code.</summary>
    public const ulong Execute = 4;
}
