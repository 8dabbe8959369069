namespace DockerToLinux.Boot;

/// <summary>
/// An extlinux install in the tree, waiting for the disk layout: it knows where ldlinux.sys sits inside the
/// filesystem and makes the boot sector once the partition's place on the disk is known.
/// </summary>
/// <param name="BootCode">The boot code used, with its origin.</param>
/// <param name="LdlinuxFirstSector">Partition-relative LBA of ldlinux.sys's first sector.</param>
/// <param name="WrittenPaths">The files the install wrote into the tree.</param>
public sealed record ExtlinuxInstallation(SyslinuxBootCode BootCode, long LdlinuxFirstSector, IReadOnlyList<string> WrittenPaths)
{
    /// <summary>The 440 bytes of MBR code for disk sector 0.</summary>
    public byte[] MbrCode => BootCode.MbrCode;

    /// <summary>The 512 bytes for the partition's first sector.</summary>
    /// <param name="partitionStart">The partition's first LBA on the disk.</param>
    /// <param name="partitionSectors">The partition's length in sectors.</param>
    public byte[] BootSector(long partitionStart, long partitionSectors) =>
        VolumeBootRecord.Build(BootCode.Blobs, LdlinuxFirstSector, partitionStart, partitionSectors);
}
