using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>
/// extlinux for a BIOS: ldlinux.sys, ldlinux.c32 and syslinux.cfg go into the root filesystem; outside it go
/// syslinux's MBR code and the root partition's volume boot record, which loads ldlinux.sys from the sectors
/// the filesystem pinned it to.
/// </summary>
/// <param name="locator">Where syslinux's boot code is looked up.</param>
/// <param name="gpt">True for a GPT disk, whose protective MBR gets <c>gptmbr.bin</c> (it boots the partition
/// marked Legacy BIOS Bootable) instead of <c>mbr.bin</c>.</param>
public sealed class ExtlinuxBoot(SyslinuxLocator locator, bool gpt) : IBiosBootLoader
{
    /// <inheritdoc />
    public async Task<BiosBootCode> InstallAsync(FileTree tree, IPinnedContentStore store, BootEntry entry, DateTimeOffset time,
        string imageName, CancellationToken cancellationToken)
    {
        var code = await locator.LocateAsync(tree, store, imageName, cancellationToken, gpt).ConfigureAwait(false);
        long ldlinuxSector = await ExtlinuxInstaller.InstallAsync(tree, store, code, entry.Kernel, entry.CommandLine,
            FsTimestamp.FromDateTimeOffset(time), cancellationToken).ConfigureAwait(false);
        return new BiosBootCode(code.MbrCode, Origin(code))
        {
            RootBootSector = (partitionStart, partitionSectors) =>
                VolumeBootRecord.Build(code.Blobs, ldlinuxSector, partitionStart, partitionSectors),
            LegacyBootableRoot = true,
        };
    }

    private static string Origin(SyslinuxBootCode code) =>
        code.MbrOrigin.FromImage == code.BlobsOrigin.FromImage ? code.BlobsOrigin.ToString()
        : $"{code.BlobsOrigin}, mbr.bin from {code.MbrOrigin}";
}
