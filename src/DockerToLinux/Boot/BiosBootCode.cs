namespace DockerToLinux.Boot;

/// <summary>
/// What a BIOS boot loader's install leaves for the disk outside the root filesystem. It is written with the
/// partition table, once the root partition's length is known.
/// </summary>
/// <param name="MbrCode">The 440 bytes of code for the disk's first sector.</param>
/// <param name="Origin">Where the boot code came from, for the user.</param>
public sealed record BiosBootCode(byte[] MbrCode, string Origin)
{
    /// <summary>Bytes that go between the partition table and the first partition, or into a partition of their
    /// own (GRUB's core.img), with their disk byte offset; null for a loader that needs none.</summary>
    public (long Offset, byte[] Bytes)? Embedded { get; init; }

    /// <summary>
    /// Makes the root partition's first sector from the partition's first LBA and its length in sectors
    /// (extlinux's volume boot record, which loads ldlinux.sys); null for a loader that leaves that sector alone.
    /// </summary>
    public Func<long, long, byte[]>? RootBootSector { get; init; }

    /// <summary>True when a GPT must mark the root partition Legacy BIOS Bootable: the partition syslinux's
    /// <c>gptmbr.bin</c> boots.</summary>
    public bool LegacyBootableRoot { get; init; }
}
