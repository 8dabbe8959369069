using System.Buffers.Binary;

namespace DockerToLinux.Disks.Vmdk;

/// <summary>The SparseExtentHeader ("KDMV", little-endian, one sector) of a hosted sparse VMDK extent.</summary>
/// <param name="Version">1 for monolithicSparse, 3 for streamOptimized.</param>
/// <param name="Flags">Bit 0 newline test, bit 1 redundant grain table, bit 16 compressed grains, bit 17 markers.</param>
/// <param name="CapacitySectors">The virtual size in sectors.</param>
/// <param name="GrainSectors">Sectors per grain.</param>
/// <param name="GrainTableEntries">Entries per grain table.</param>
/// <param name="RedundantDirectorySector">Where the redundant grain directory is (0 for none).</param>
/// <param name="DirectorySector">Where the grain directory is; all ones when it is in the footer.</param>
/// <param name="OverheadSectors">Sectors before the first grain.</param>
/// <param name="Compression">0 none, 1 deflate (zlib-wrapped).</param>
public sealed record VmdkHeader(uint Version, uint Flags, long CapacitySectors, long GrainSectors, uint GrainTableEntries,
    long RedundantDirectorySector, long DirectorySector, long OverheadSectors, ushort Compression)
{
    /// <summary>"KDMV" read as a little-endian number.</summary>
    public const uint Magic = 0x564D444B;

    /// <summary>The header's size: one sector, as are the footer and every marker of a streamOptimized file.</summary>
    public const int Length = Units.SectorBytes;

    /// <summary>Where the embedded descriptor starts: the sector after the header.</summary>
    public const long DescriptorSector = 1;

    /// <summary>Sectors the embedded descriptor takes, from <see cref="DescriptorSector"/>.</summary>
    public const int DescriptorSectors = 20;

    /// <summary>The grain size d2l writes: 128 sectors, 64 KiB.</summary>
    public const int DefaultGrainSectors = 128;

    /// <summary>Entries per grain table d2l writes: 512, the number VMware's tools write and expect.</summary>
    public const int DefaultGrainTableEntries = 512;

    /// <summary>The grain directory offset that means "read it from the footer".</summary>
    public const long DirectoryAtEnd = -1;

    /// <summary>Flag: grains are compressed.</summary>
    public const uint CompressedFlag = 1 << 16;

    /// <summary>Encodes the header sector.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Flags);
        BinaryPrimitives.WriteInt64LittleEndian(span[12..], CapacitySectors);
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], GrainSectors);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], DescriptorSector);
        BinaryPrimitives.WriteInt64LittleEndian(span[36..], DescriptorSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(span[44..], GrainTableEntries);
        BinaryPrimitives.WriteInt64LittleEndian(span[48..], RedundantDirectorySector);
        BinaryPrimitives.WriteInt64LittleEndian(span[56..], DirectorySector);
        BinaryPrimitives.WriteInt64LittleEndian(span[64..], OverheadSectors);
        // The newline test characters catch a file mangled by a text-mode transfer.
        span[73] = (byte)'\n';
        span[74] = (byte)' ';
        span[75] = (byte)'\r';
        span[76] = (byte)'\n';
        BinaryPrimitives.WriteUInt16LittleEndian(span[77..], Compression);
        return bytes;
    }

    /// <summary>Whether grains are zlib-compressed, as in a streamOptimized file.</summary>
    public bool Compressed => (Flags & CompressedFlag) != 0;

    /// <summary>Whether <paramref name="span"/>, a file's first bytes, starts with the sparse extent magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> span) => span.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(span) == Magic;

    /// <summary>Decodes a header; null when the bytes are not a sparse VMDK extent.</summary>
    public static VmdkHeader? TryDecode(ReadOnlySpan<byte> span)
    {
        if (span.Length < Length || !HasMagic(span))
        {
            return null;
        }
        return new VmdkHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(span[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[44..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[64..]),
            BinaryPrimitives.ReadUInt16LittleEndian(span[77..]));
    }
}
