namespace DockerToLinux.Boot;

/// <summary>One section of an ELF file: its name and where its bytes are in the file and in memory.</summary>
/// <param name="Name">The section name, such as <c>.data</c>.</param>
/// <param name="Offset">File offset of the section's bytes.</param>
/// <param name="Size">Length of the section in the file.</param>
/// <param name="Type">sh_type: 1 PROGBITS, 8 NOBITS…</param>
/// <param name="Flags">sh_flags: 2 = SHF_ALLOC, occupies memory at run time.</param>
/// <param name="Address">sh_addr: where the section is loaded.</param>
internal sealed record ElfSection(string Name, long Offset, long Size, uint Type = 0, ulong Flags = 0, ulong Address = 0)
{
    /// <summary>sh_type of a section with bytes in the file.</summary>
    public const uint ProgBits = 1;

    /// <summary>sh_flags bit of a section that occupies memory.</summary>
    public const ulong Alloc = 2;
}
