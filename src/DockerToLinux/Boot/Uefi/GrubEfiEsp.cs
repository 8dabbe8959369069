using DockerToLinux.Boot.Grub;
using DockerToLinux.Disks.Fat32;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Uefi;

/// <summary>
/// Installs GRUB for UEFI without grub-install: <c>\EFI\BOOT\BOOTX64.EFI</c> on the ESP is assembled from the
/// x86_64-efi files and embeds what finding and reading the ext4 root needs, with a config that finds the root
/// filesystem by UUID and runs its <c>/boot/grub/grub.cfg</c>; the modules go to <c>/boot/grub/x86_64-efi/</c>
/// for anything GRUB loads later. The kernel stays on the root filesystem.
/// </summary>
public static class GrubEfiEsp
{
    /// <summary>The platform directory's name under <c>/boot/grub</c>.</summary>
    public const string Platform = "x86_64-efi";

    /// <summary>Modules embedded in BOOTX64.EFI: both partition tables, ext4 and FAT, finding the root, the
    /// commands grub.cfg uses, Linux (the EFI handover path in 2.06), and the EFI framebuffer for the kernel.</summary>
    public static readonly IReadOnlyList<string> EmbeddedModules =
    [
        "part_gpt", "part_msdos", "ext2", "fat", "search", "search_fs_uuid", "normal", "configfile", "linux", "boot", "echo", "test",
        "serial", "terminal", "efi_gop",
    ];

    /// <summary>The config GRUB runs first: find the root filesystem, point the prefix at its GRUB directory, run grub.cfg.</summary>
    /// <param name="filesystemUuid">The root filesystem's UUID.</param>
    /// <param name="directory">GRUB's directory on the root filesystem, such as <c>/boot/grub</c>.</param>
    public static string EmbeddedConfig(Guid filesystemUuid, string directory) =>
        $"search --no-floppy --fs-uuid --set=root {filesystemUuid:D}\n"
        + $"set prefix=($root){directory}\n"
        + "configfile $prefix/grub.cfg\n";

    /// <summary>Reads the x86_64-efi files, writes GRUB's files into the tree, and BOOTX64.EFI onto the ESP.</summary>
    /// <param name="esp">The ESP being built.</param>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="reader">Reads the x86_64-efi directory from the image, else this machine.</param>
    /// <param name="kernel">What to boot.</param>
    /// <param name="commandLine">The kernel command line.</param>
    /// <param name="filesystemUuid">The root filesystem's UUID.</param>
    /// <param name="title">The menu entry's title.</param>
    /// <param name="time">The new files' modification time.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>Where GRUB's files came from.</returns>
    /// <exception cref="D2lException">Neither the image nor this machine has a usable x86_64-efi directory.</exception>
    public static async Task<BootCodeOrigin> WriteAsync(Fat32Builder esp, FileTree tree, IFileContentStore store, BootFileReader reader,
        BootKernel kernel, string commandLine, Guid filesystemUuid, string title, FsTimestamp time, string imageName,
        CancellationToken cancellationToken)
    {
        var files = await GrubDirectory.ReadAsync(tree, store, reader, GrubEfiImage.Directory, ["kernel.img"], cancellationToken)
                .ConfigureAwait(false)
            ?? throw D2lException.BadInput(imageName, $"no complete GRUB x86_64-efi directory ({GrubEfiImage.Directory}): "
                + "install grub-efi-amd64-bin in the image (see templates/) or on this machine");
        string directory = await GrubInstaller.WriteFilesAsync(tree, store, Platform, files.Modules, files.Lists, kernel, commandLine,
            filesystemUuid, title, time, cancellationToken).ConfigureAwait(false);
        byte[] image;
        try
        {
            image = GrubEfiImage.Build(files, EmbeddedModules, EmbeddedConfig(filesystemUuid, directory), directory);
        }
        catch (InvalidDataException error)
        {
            throw D2lException.BadInput(imageName, $"cannot assemble GRUB for UEFI from {files.Origin}: {error.Message}", error);
        }
        await esp.AddFileAsync(SystemdBootEsp.FallbackPath, image, cancellationToken).ConfigureAwait(false);
        return files.Origin;
    }
}
