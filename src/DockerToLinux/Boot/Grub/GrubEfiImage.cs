using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Assembles GRUB for x86-64 UEFI in process, as <c>grub-mkimage -O x86_64-efi</c> does: a PE32+ EFI application
/// whose <c>.text</c> and <c>.data</c> are the linked <c>kernel.img</c>, whose <c>mods</c> section is the module
/// area (modules in dependency order, the embedded config, the prefix), and whose <c>.reloc</c> section lets
/// the firmware load it at any address. Headers fill the first page; sections are page-aligned in file and memory.
/// </summary>
internal static class GrubEfiImage
{
    /// <summary>Where grub-efi-amd64-bin installs the x86_64-efi files.</summary>
    public const string Directory = "/usr/lib/grub/x86_64-efi";

    /// <summary>The COFF time stamp grub-mkimage writes (2015-01-01), so its images are reproducible.</summary>
    public const uint TimeStamp = 1420070400;

    private const int DosHeaderSize = 0x80, CoffHeaderSize = 20, OptionalHeaderSize = 0xF0, SectionHeaderSize = 40;
    private const ushort MachineX86_64 = 0x8664, SubsystemEfiApplication = 10;
    // Executable image, line numbers, local symbols and debug information stripped.
    private const ushort Characteristics = 0x0002 | 0x0004 | 0x0008 | 0x0200;
    private const uint Code = 0x20, InitializedData = 0x40, Discardable = 0x02000000, Execute = 0x20000000, Read = 0x40000000,
        Write = 0x80000000;

    // The customary DOS header and stub: "MZ", e_lfanew = 0x80, and a 16-bit program that prints that it cannot run.
    private static readonly byte[] DosStub =
    [
        0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00,
        0xB8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
        0x0E, 0x1F, 0xBA, 0x0E, 0x00, 0xB4, 0x09, 0xCD, 0x21, 0xB8, 0x01, 0x4C, 0xCD, 0x21,
        .. "This program cannot be run in DOS mode.\r\r\n$"u8,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    /// <summary>Builds BOOTX64.EFI.</summary>
    /// <param name="files">GRUB's x86_64-efi directory: <c>kernel.img</c>, the modules and <c>moddep.lst</c>.</param>
    /// <param name="modules">Modules to embed; their dependencies are added.</param>
    /// <param name="config">The embedded config GRUB runs first, or null.</param>
    /// <param name="prefix">GRUB's prefix, such as <c>/boot/grub</c>.</param>
    /// <exception cref="InvalidDataException">kernel.img cannot be linked, or a module is missing.</exception>
    public static byte[] Build(GrubDirectory files, IEnumerable<string> modules, string? config, string prefix)
    {
        var kernelElf = files.Images.GetValueOrDefault("kernel.img") ?? throw new InvalidDataException($"{files.Origin} has no kernel.img");
        var kernel = GrubEfiKernel.Link(kernelElf);
        var ordered = GrubModuleOrder.Resolve(modules, files.Dependencies);
        var area = GrubModuleArea.Build(GrubModuleArea.Lookup(ordered, files.Modules, files.Origin), config, prefix, 8);
        return Assemble(kernel, area, PeBaseRelocations.Build(kernel.AbsoluteRelocations));
    }

    private static byte[] Assemble(GrubEfiKernel kernel, byte[] modules, byte[] relocations)
    {
        const int Header = GrubEfiKernel.HeaderSize;
        int coreEnd = Align(Header + kernel.Size + modules.Length);
        var image = new byte[coreEnd + Align(relocations.Length)];
        kernel.Image.CopyTo(image, Header);
        modules.CopyTo(image, Header + kernel.Size);
        relocations.CopyTo(image, coreEnd);

        var span = image.AsSpan();
        DosStub.CopyTo(span);
        "PE\0\0"u8.CopyTo(span[DosHeaderSize..]);
        var coff = span[(DosHeaderSize + 4)..];
        BinaryPrimitives.WriteUInt16LittleEndian(coff, MachineX86_64);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[2..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(coff[4..], TimeStamp);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[16..], OptionalHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(coff[18..], Characteristics);

        int dataSize = Align(kernel.Size - kernel.CodeSize);
        var optional = span[(DosHeaderSize + 4 + CoffHeaderSize)..];
        BinaryPrimitives.WriteUInt16LittleEndian(optional, 0x20B); // PE32+
        BinaryPrimitives.WriteUInt32LittleEndian(optional[4..], (uint)kernel.CodeSize);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[8..], (uint)(dataSize + Align(modules.Length)));
        BinaryPrimitives.WriteUInt32LittleEndian(optional[16..], kernel.EntryPoint);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[20..], Header);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[32..], GrubEfiKernel.PageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[36..], GrubEfiKernel.PageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[56..], (uint)image.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[60..], Header);
        BinaryPrimitives.WriteUInt16LittleEndian(optional[68..], SubsystemEfiApplication);
        for (int field = 72; field < 104; field += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(optional[field..], 0x10000); // stack and heap, reserve and commit
        }
        BinaryPrimitives.WriteUInt32LittleEndian(optional[108..], 16);

        var sections = span[(DosHeaderSize + 4 + CoffHeaderSize + OptionalHeaderSize)..];
        int modulesAt = Header + kernel.Size;
        WriteSection(sections, ".text", Header, kernel.CodeSize, Code | Execute | Read);
        WriteSection(sections[SectionHeaderSize..], ".data", Header + kernel.CodeSize, dataSize, InitializedData | Read | Write);
        WriteSection(sections[(2 * SectionHeaderSize)..], "mods", modulesAt, image.Length - relocations.Length - modulesAt,
            InitializedData | Read | Write);
        WriteSection(sections[(3 * SectionHeaderSize)..], ".reloc", coreEnd, relocations.Length, InitializedData | Discardable | Read);
        // Data directory 5: the base relocation table.
        BinaryPrimitives.WriteUInt32LittleEndian(optional[152..], (uint)coreEnd);
        BinaryPrimitives.WriteUInt32LittleEndian(optional[156..], (uint)relocations.Length);
        return image;
    }

    // File offsets equal RVAs: every section starts on a page in both.
    private static void WriteSection(Span<byte> header, string name, int start, int size, uint characteristics)
    {
        Encoding.ASCII.GetBytes(name, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)start);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)start);
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], characteristics);
    }

    private static int Align(int value) => (value + GrubEfiKernel.PageSize - 1) / GrubEfiKernel.PageSize * GrubEfiKernel.PageSize;
}
