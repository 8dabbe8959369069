namespace DockerToLinux.Disks;

/// <summary>One primary partition in an MBR.</summary>
/// <param name="StartLba">First sector.</param>
/// <param name="SectorCount">Length in sectors.</param>
/// <param name="Type">Partition type: 0x83 Linux, 0xEF EFI System, 0xEE GPT protective.</param>
/// <param name="Active">The boot flag (0x80), which syslinux's mbr.bin looks for.</param>
internal sealed record MbrPartition(long StartLba, long SectorCount, byte Type = MbrPartition.LinuxType, bool Active = false)
{
    /// <summary>The Linux filesystem type.</summary>
    public const byte LinuxType = 0x83;
}
