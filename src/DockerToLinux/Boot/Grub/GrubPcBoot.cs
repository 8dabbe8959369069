using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// GRUB for a BIOS: its i386-pc modules and grub.cfg go into the root filesystem; outside it go boot.img's MBR
/// code and core.img at <paramref name="place"/>, where the MBR code loads it from.
/// </summary>
/// <param name="reader">Reads GRUB's files from the image, else this machine.</param>
/// <param name="place">Where core.img goes.</param>
public sealed class GrubPcBoot(BootFileReader reader, GrubCorePlace place) : IBiosBootLoader
{
    /// <inheritdoc />
    public async Task<BiosBootCode> InstallAsync(FileTree tree, IPinnedContentStore store, BootEntry entry, DateTimeOffset time,
        string imageName, CancellationToken cancellationToken)
    {
        var files = await GrubPcLocator.LocateAsync(tree, store, reader, imageName, cancellationToken).ConfigureAwait(false);
        byte[] core = await GrubInstaller.InstallAsync(tree, store, files, entry.Kernel, entry.CommandLine, entry.FilesystemUuid,
            place.RootPartition, place.Lba, entry.Title, FsTimestamp.FromDateTimeOffset(time), cancellationToken).ConfigureAwait(false);
        if (core.Length > place.Room)
        {
            throw D2lException.BadInput(imageName, $"GRUB's core.img is {core.Length} bytes; only {place.Room} fit before the partition");
        }
        return new BiosBootCode(GrubBootSector.MbrCode(files.BootImage, place.Lba), $"GRUB from {files.Origin}")
        {
            Embedded = (place.Offset, core),
        };
    }
}
