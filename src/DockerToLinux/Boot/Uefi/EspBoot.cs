using DockerToLinux.Disks;
using DockerToLinux.Disks.Fat32;
using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Uefi;

/// <summary>
/// The EFI System Partition: a FAT32 volume with the chosen UEFI loader at the firmware's fallback path. It is
/// written whole onto its partition while the root filesystem is still open, because GRUB for UEFI also writes
/// its modules into the root filesystem.
/// </summary>
public sealed class EspBoot
{
    private readonly BootFileReader _reader;

    private EspBoot(EfiLoader loader, BootFileReader reader)
    {
        Loader = loader;
        _reader = reader;
    }

    /// <summary>The loader that goes on the ESP: never <see cref="EfiLoader.Auto"/>.</summary>
    public EfiLoader Loader { get; }

    /// <summary>Chooses the loader (see <see cref="EfiLoaders.Choose"/>), so a missing one fails before anything is written.</summary>
    /// <param name="requested">The user's choice.</param>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="reader">Reads the loader from the image, else this machine.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <exception cref="D2lException">Neither the image nor this machine has the loader.</exception>
    public static EspBoot Choose(EfiLoader requested, FileTree tree, BootFileReader reader, string imageName) =>
        new(EfiLoaders.Choose(requested, tree, reader, imageName), reader);

    /// <summary>Builds the ESP on its partition and finishes it.</summary>
    /// <param name="partition">The ESP's partition on the disk.</param>
    /// <param name="sizeBytes">The partition's size.</param>
    /// <param name="firstLba">The partition's first disk sector, which FAT records as its hidden sectors.</param>
    /// <param name="volumeId">The FAT volume serial number, which /etc/fstab names the ESP by.</param>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="entry">What to boot.</param>
    /// <param name="time">The build's clock.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>Which loader went on the ESP and where it came from, for the user.</returns>
    /// <exception cref="D2lException">The loader's files are unusable, or the kernel does not fit.</exception>
    public async Task<string> WriteAsync(IDiskTarget partition, long sizeBytes, long firstLba, uint volumeId, FileTree tree,
        IFileContentStore store, BootEntry entry, DateTimeOffset time, string imageName, CancellationToken cancellationToken)
    {
        var esp = new Fat32Builder(partition, sizeBytes, firstLba, volumeId, "ESP", time);
        string origin;
        if (Loader == EfiLoader.Grub)
        {
            var from = await GrubEfiEsp.WriteAsync(esp, tree, store, _reader, entry.Kernel, entry.CommandLine, entry.FilesystemUuid,
                entry.Title, FsTimestamp.FromDateTimeOffset(time), imageName, cancellationToken).ConfigureAwait(false);
            origin = $"GRUB for UEFI from {from}";
        }
        else
        {
            var from = await SystemdBootEsp.WriteAsync(esp, tree, store, _reader, entry.Kernel, entry.CommandLine, entry.Title, imageName,
                cancellationToken).ConfigureAwait(false);
            origin = $"systemd-boot from {from}";
        }
        await esp.FinishAsync(cancellationToken).ConfigureAwait(false);
        return origin;
    }
}
