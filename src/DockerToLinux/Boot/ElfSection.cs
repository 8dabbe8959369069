namespace DockerToLinux.Boot;

/// <summary>One section of an ELF file: its name and where its bytes are in the file.</summary>
/// <param name="Name">The section name, such as <c>.data</c>.</param>
/// <param name="Offset">File offset of the section's bytes.</param>
/// <param name="Size">Length of the section in the file.</param>
internal sealed record ElfSection(string Name, long Offset, long Size);
