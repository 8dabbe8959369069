using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Boot;

/// <summary>
/// Cuts the boot sector, ldlinux.sys and ldlinux.c32 out of an <c>extlinux</c> executable. The installer's
/// build embeds them as byte arrays in <c>.data</c> (boot sector, then ldlinux.c32, then ldlinux.sys in
/// Debian's link order); each is found by its own structure, never by a fixed offset.
/// </summary>
public static class ExtlinuxBinary
{
    private static readonly byte[] LdlinuxBanner = Encoding.ASCII.GetBytes("\r\nSYSLINUX ");
    private static readonly byte[] SyslinuxOem = Encoding.ASCII.GetBytes("SYSLINUX");

    /// <summary>Extracts and checks the three blobs.</summary>
    /// <exception cref="InvalidDataException">The file is not an extlinux binary this code understands.</exception>
    public static SyslinuxBlobs Extract(ReadOnlySpan<byte> executable)
    {
        var sections = ElfFile.ReadSections(executable);
        var data = sections.FirstOrDefault(s => s.Name == ".data")
            ?? throw new InvalidDataException("the executable has no .data section");
        if (data.Offset + data.Size > executable.Length)
        {
            throw new InvalidDataException(".data runs past the end of the file");
        }
        var blob = executable.Slice((int)data.Offset, (int)data.Size);

        int bootSector = FindBootSector(blob);
        int afterBootSector = bootSector + Units.SectorBytes;

        int c32 = IndexOfElf32(blob, afterBootSector);
        long c32Length = ElfFile.Elf32Length(blob[c32..]) ?? 0;
        if (c32Length <= 0 || c32 + c32Length > blob.Length)
        {
            throw new InvalidDataException("the embedded ldlinux.c32's section table runs out of .data");
        }

        // The first LDLINUX_MAGIC in .data is the boot sector's own, so the image is found by its banner.
        int ldlinux = blob[afterBootSector..].IndexOf(LdlinuxBanner);
        if (ldlinux < 0)
        {
            throw new InvalidDataException("no ldlinux.sys banner after the boot sector");
        }
        ldlinux += afterBootSector;
        var rodata = sections.FirstOrDefault(s => s.Name == ".rodata");
        var rodataBytes = rodata is null || rodata.Offset + rodata.Size > executable.Length
            ? ReadOnlySpan<byte>.Empty
            : executable.Slice((int)rodata.Offset, (int)rodata.Size);
        int ldlinuxLength = LdlinuxLength(rodataBytes, (int)c32Length, blob.Length - ldlinux);
        if (ldlinuxLength <= 0 || ldlinuxLength % Units.SectorBytes != 0 || ldlinux + ldlinuxLength > blob.Length)
        {
            throw new InvalidDataException("the embedded ldlinux.sys is not a whole number of sectors inside .data");
        }

        var blobs = new SyslinuxBlobs(
            blob.Slice(bootSector, Units.SectorBytes).ToArray(),
            blob.Slice(ldlinux, ldlinuxLength).ToArray(),
            blob.Slice(c32, (int)c32Length).ToArray());
        CheckSameBuild(blobs);
        return blobs;
    }

    // A boot sector: a short jump and NOP, "SYSLINUX" as OEM name, LDLINUX_MAGIC at 0x1F8 and 55 AA at the end.
    private static int FindBootSector(ReadOnlySpan<byte> data)
    {
        for (int at = data.IndexOf(SyslinuxOem); at >= 3; )
        {
            int start = at - 3;
            if (start + Units.SectorBytes <= data.Length && data[start] == 0xEB && data[start + 2] == 0x90
                && BinaryPrimitives.ReadUInt32LittleEndian(data[(start + 0x1F8)..]) == SyslinuxMagic.Ldlinux
                && data[start + 0x1FE] == 0x55 && data[start + 0x1FF] == 0xAA)
            {
                return start;
            }
            int next = data[(at + 1)..].IndexOf(SyslinuxOem);
            at = next < 0 ? -1 : at + 1 + next;
        }
        throw new InvalidDataException("no syslinux boot sector in .data");
    }

    private static int IndexOfElf32(ReadOnlySpan<byte> data, int from)
    {
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 1];
        for (int at = from; at < data.Length;)
        {
            int found = data[at..].IndexOf(magic);
            if (found < 0)
            {
                break;
            }
            if (ElfFile.Elf32Length(data[(at + found)..]) is not null)
            {
                return at + found;
            }
            at += found + 1;
        }
        throw new InvalidDataException("no embedded ldlinux.c32 (ELF32) after the boot sector");
    }

    // bin2c.pl also emits each blob's length next to its mtime, as (mtime, length) pairs in .rodata in the
    // same order as the blobs: (t, 512), (t, len(ldlinux.c32)), (t, len(ldlinux.sys)). Finding that triple
    // confirms the length; without it, ldlinux.sys runs to the end of .data, where the link order puts it.
    private static int LdlinuxLength(ReadOnlySpan<byte> rodata, int c32Length, int untilDataEnd)
    {
        for (int at = 0; at + 24 <= rodata.Length; at += 4)
        {
            uint stamp = BinaryPrimitives.ReadUInt32LittleEndian(rodata[at..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(rodata[(at + 4)..]) == Units.SectorBytes
                && BinaryPrimitives.ReadUInt32LittleEndian(rodata[(at + 8)..]) == stamp
                && BinaryPrimitives.ReadUInt32LittleEndian(rodata[(at + 12)..]) == (uint)c32Length
                && BinaryPrimitives.ReadUInt32LittleEndian(rodata[(at + 16)..]) == stamp)
            {
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(rodata[(at + 20)..]);
                return length <= (uint)untilDataEnd ? (int)length : -1;
            }
        }
        return untilDataEnd / Units.SectorBytes * Units.SectorBytes;
    }

    // The boot sector refuses an ldlinux.sys whose instance word differs from the one compiled into it.
    private static void CheckSameBuild(SyslinuxBlobs blobs)
    {
        var area = LdlinuxPatchArea.Read(blobs.Ldlinux);
        Span<byte> instance = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(instance, area.Instance);
        if (blobs.BootSector.AsSpan().IndexOf(instance) < 0)
        {
            throw new InvalidDataException("the boot sector and ldlinux.sys are from different syslinux builds");
        }
    }
}
