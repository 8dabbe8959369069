namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Where GRUB's core.img goes on a BIOS disk, and how its prefix names the root partition. On an MBR disk
/// core.img fills the gap between sector 0 and the first partition; on a GPT disk the table's entries take
/// that gap, so core.img gets a BIOS boot partition of its own.
/// </summary>
/// <param name="Offset">The disk byte offset core.img starts at.</param>
/// <param name="Room">The bytes free there.</param>
/// <param name="RootPartition">GRUB's name of the root partition: <c>msdos1</c>, <c>gpt3</c>…</param>
public sealed record GrubCorePlace(long Offset, long Room, string RootPartition)
{
    /// <summary>The disk sector core.img starts at, which boot.img loads.</summary>
    public long Lba => Offset / Units.SectorBytes;

    /// <summary>core.img right after the MBR, up to the first partition.</summary>
    /// <param name="firstPartitionStart">The first partition's byte offset.</param>
    /// <param name="rootPartitionNumber">The root partition's number (1-based, in table order).</param>
    public static GrubCorePlace AfterMbr(long firstPartitionStart, int rootPartitionNumber) =>
        new(Units.SectorBytes, firstPartitionStart - Units.SectorBytes, "msdos" + rootPartitionNumber);

    /// <summary>core.img in a GPT's BIOS boot partition.</summary>
    /// <param name="start">The BIOS boot partition's byte offset.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="rootPartitionNumber">The root partition's number (1-based, in table order).</param>
    public static GrubCorePlace InBiosBootPartition(long start, long size, int rootPartitionNumber) =>
        new(start, size, "gpt" + rootPartitionNumber);
}
