namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Flattens i386-pc <c>kernel.img</c>, which Debian ships as an ELF32 executable linked at 0x9000, into the
/// bytes grub-mkimage compresses: every allocated PROGBITS section at its address minus 0x9000, gaps zeroed.
/// </summary>
internal static class GrubKernelImage
{
    /// <summary>Where i386-pc's kernel is linked and runs.</summary>
    public const ulong LinkAddress = 0x9000;

    /// <summary>The flat kernel; its length is kernel_size, where the module area must start.</summary>
    /// <exception cref="InvalidDataException">Not an ELF file, or a section below the link address.</exception>
    public static byte[] Flatten(byte[] elf)
    {
        var sections = ElfFile.ReadSections(elf)
            .Where(s => s.Type == ElfSection.ProgBits && (s.Flags & ElfSection.Alloc) != 0 && s.Size > 0)
            .ToList();
        if (sections.Count == 0 || sections.Any(s => s.Address < LinkAddress || s.Offset + s.Size > elf.Length))
        {
            throw new InvalidDataException("kernel.img has no loadable sections at or above 0x9000");
        }
        long size = sections.Max(s => (long)(s.Address - LinkAddress) + s.Size);
        if (size > 0x68000)
        {
            throw new InvalidDataException($"kernel.img is {size} bytes flat, more than i386-pc can hold");
        }
        var flat = new byte[size];
        foreach (var section in sections)
        {
            elf.AsSpan((int)section.Offset, (int)section.Size).CopyTo(flat.AsSpan((int)(section.Address - LinkAddress)));
        }
        return flat;
    }
}
