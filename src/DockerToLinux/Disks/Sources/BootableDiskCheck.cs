namespace DockerToLinux.Disks.Sources;

/// <summary>
/// Whether a disk can be what a virtual machine boots: whole 512-byte sectors and a partition table, which MBR and
/// GPT disks alike (through GPT's protective MBR) mark with 0x55 0xAA at the end of sector 0. A file that passes for
/// raw only because it has no other format's magic (a key file, a tarball) fails here instead of reaching a cluster.
/// </summary>
internal static class BootableDiskCheck
{
    private const int SectorSize = 512;
    private const int SignatureOffset = 510;

    /// <summary>Null when <paramref name="disk"/> looks bootable, else why not, for a one-line refusal.</summary>
    public static async ValueTask<string?> ProblemAsync(IDiskSource disk, CancellationToken cancellationToken)
    {
        if (disk.Size < SectorSize || disk.Size % SectorSize != 0)
        {
            return $"a {disk.Description} disk of {disk.Size} bytes is not a whole number of 512-byte sectors";
        }
        var sector = new byte[SectorSize];
        bool stored = await disk.ReadAsync(0, sector, cancellationToken).ConfigureAwait(false);
        return stored && sector[SignatureOffset] == 0x55 && sector[SignatureOffset + 1] == 0xAA
            ? null
            : $"the {disk.Description} disk has no partition table (no MBR or protective MBR in its first sector), so nothing could boot it";
    }
}
