namespace DockerToLinux.Disks.Gpt;

/// <summary>One entry of a GUID partition table.</summary>
/// <param name="Type">The partition type (see <see cref="GptPartitionTypes"/>).</param>
/// <param name="UniqueId">The partition's own GUID (its PARTUUID).</param>
/// <param name="FirstLba">First sector.</param>
/// <param name="LastLba">Last sector, inclusive.</param>
/// <param name="Attributes">Attribute bits, such as <see cref="LegacyBiosBootable"/>.</param>
/// <param name="Name">Up to 36 UTF-16 code units.</param>
internal sealed record GptPartition(Guid Type, Guid UniqueId, long FirstLba, long LastLba, ulong Attributes, string Name)
{
    /// <summary>Bit 2: the partition syslinux's <c>gptmbr.bin</c> boots.</summary>
    public const ulong LegacyBiosBootable = 1UL << 2;

    /// <summary>Length in sectors.</summary>
    public long SectorCount => LastLba - FirstLba + 1;
}
