using System.Buffers.Binary;

namespace DockerToLinux.Boot;

/// <summary>
/// Where the installer's fields sit in an ldlinux.sys image: the patch area that starts at LDLINUX_MAGIC
/// and the extended patch area (EPA) it points to. Offsets are into the image, except
/// <see cref="Sect1Ptr0"/>, <see cref="Sect1Ptr1"/> and <see cref="RaidPatch"/>, which are into the boot sector.
/// </summary>
internal sealed record LdlinuxPatchArea
{
    /// <summary>Offset of LDLINUX_MAGIC, the start of the patch area.</summary>
    public required int Magic { get; init; }

    /// <summary>The build's <c>instance</c> word (LDLINUX_MAGIC ^ build date), which the boot sector also holds.</summary>
    public required uint Instance { get; init; }

    /// <summary>Offset of the two u64 ADV sector pointers.</summary>
    public required int AdvPointers { get; init; }

    /// <summary>Offset and capacity of the NUL-terminated install directory.</summary>
    public required (int Offset, int Length) Directory { get; init; }

    /// <summary>Offset and capacity (in 10-byte entries) of the extent table.</summary>
    public required (int Offset, int Count) Extents { get; init; }

    /// <summary>Boot-sector offset of the low 32 bits of the first sector's LBA.</summary>
    public required int Sect1Ptr0 { get; init; }

    /// <summary>Boot-sector offset of the high 32 bits of the first sector's LBA.</summary>
    public required int Sect1Ptr1 { get; init; }

    /// <summary>Boot-sector offset of the RAID-mode patch (unused: d2l never enables RAID mode).</summary>
    public required int RaidPatch { get; init; }

    /// <summary>Offset of the u16 data_sectors field.</summary>
    public int DataSectors => Magic + 8;

    /// <summary>Offset of the u16 adv_sectors field.</summary>
    public int AdvSectors => Magic + 10;

    /// <summary>Offset of the u32 dwords field.</summary>
    public int Dwords => Magic + 12;

    /// <summary>Offset of the u32 checksum field.</summary>
    public int Checksum => Magic + 16;

    /// <summary>
    /// Finds and checks the patch area in an unpatched or patched image: LDLINUX_MAGIC at an 8-aligned
    /// offset in the first sector, and an EPA whose every field lies inside the image.
    /// </summary>
    /// <exception cref="InvalidDataException">The image does not have a usable patch area.</exception>
    public static LdlinuxPatchArea Read(ReadOnlySpan<byte> image)
    {
        int magic = -1;
        for (int at = 0; at + 32 <= Math.Min(image.Length, Units.SectorBytes); at += 8)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(image[at..]) == SyslinuxMagic.Ldlinux)
            {
                magic = at;
                break;
            }
        }
        if (magic < 0)
        {
            throw new InvalidDataException("ldlinux.sys has no LDLINUX_MAGIC in its first sector");
        }
        int epa = BinaryPrimitives.ReadUInt16LittleEndian(image[(magic + 22)..]);
        if (epa == 0 || epa + 20 > image.Length)
        {
            throw new InvalidDataException("ldlinux.sys's extended patch area pointer is out of range");
        }
        var fields = new int[10];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = BinaryPrimitives.ReadUInt16LittleEndian(image[(epa + 2 * i)..]);
        }
        var area = new LdlinuxPatchArea
        {
            Magic = magic,
            Instance = BinaryPrimitives.ReadUInt32LittleEndian(image[(magic + 4)..]),
            AdvPointers = fields[0],
            Directory = (fields[1], fields[2]),
            Extents = (fields[5], fields[6]),
            Sect1Ptr0 = fields[7],
            Sect1Ptr1 = fields[8],
            RaidPatch = fields[9],
        };
        bool inImage = area.AdvPointers + 16 <= image.Length
            && area.Directory.Length > 1 && area.Directory.Offset + area.Directory.Length <= image.Length
            && area.Extents.Count > 0 && area.Extents.Offset + area.Extents.Count * 10 <= image.Length;
        bool inBootSector = area.Sect1Ptr0 + 4 <= 510 && area.Sect1Ptr1 + 4 <= 510 && area.RaidPatch + 2 <= 510;
        if (!inImage || !inBootSector)
        {
            throw new InvalidDataException("ldlinux.sys's extended patch area points outside the image or boot sector");
        }
        return area;
    }
}
