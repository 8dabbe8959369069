namespace DockerToLinux;

/// <summary>
/// The units d2l counts bytes in. Sizes are binary (a KiB is 1024 bytes), as every size d2l reads or
/// prints is. The sector is the disk's logical block: partition tables, boot code and the disk image
/// formats all address a disk in 512-byte sectors, whatever the physical medium, so a sector number times
/// <see cref="SectorBytes"/> is a byte offset into the disk. A format whose own 512-byte structure happens to
/// match (a tar header, a VHD footer, ext4's <c>i_blocks</c> unit) names it in its own folder instead.
/// </summary>
internal static class Units
{
    /// <summary>A kibibyte: 1024 bytes.</summary>
    public const int KiB = 1 << 10;

    /// <summary>A mebibyte: 1024 KiB.</summary>
    public const int MiB = 1 << 20;

    /// <summary>A gibibyte: 1024 MiB (a long, so that multiples of it do not overflow).</summary>
    public const long GiB = 1L << 30;

    /// <summary>A tebibyte: 1024 GiB.</summary>
    public const long TiB = 1L << 40;

    /// <summary>The bytes in one disk sector (a logical block address counts these).</summary>
    public const int SectorBytes = 512;

    /// <summary>The sectors that hold <paramref name="bytes"/>, a partial last sector counting as one.</summary>
    public static long SectorsToHold(long bytes) => (bytes + SectorBytes - 1) / SectorBytes;

    /// <summary><paramref name="bytes"/> rounded up to whole sectors.</summary>
    public static long WholeSectors(long bytes) => SectorsToHold(bytes) * SectorBytes;
}
