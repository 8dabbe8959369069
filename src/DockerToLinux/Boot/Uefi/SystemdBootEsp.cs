using System.Text;
using DockerToLinux.Disks.Fat32;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Uefi;

/// <summary>
/// Fills an EFI System Partition for systemd-boot: the loader at the removable-media path
/// <c>\EFI\BOOT\BOOTX64.EFI</c> (firmware with empty NVRAM starts it), <c>\loader\loader.conf</c>, one
/// entry, and copies of the kernel and initramfs, because systemd-boot reads only FAT.
/// </summary>
public static class SystemdBootEsp
{
    /// <summary>Where Debian's systemd-boot-efi (and most distributions) put the loader.</summary>
    public const string LoaderPath = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi";

    /// <summary>The firmware's fallback path for x86-64.</summary>
    public const string FallbackPath = "EFI/BOOT/BOOTX64.EFI";

    /// <summary>The directory on the ESP that holds the kernel and initramfs copies.</summary>
    public const string KernelDirectory = "d2l";

    private const long MaxLoaderSize = 16 * Units.MiB;

    /// <summary>Writes the loader, its configuration, the kernel and the initramfs.</summary>
    /// <param name="esp">The ESP being built.</param>
    /// <param name="tree">The root filesystem (kernel, initramfs, and systemd-boot if the image has it).</param>
    /// <param name="store">Where the tree's bytes are.</param>
    /// <param name="reader">Reads systemd-boot from the image, else this machine.</param>
    /// <param name="kernel">What to boot.</param>
    /// <param name="commandLine">The kernel command line.</param>
    /// <param name="title">The entry's title.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <returns>Where systemd-boot came from.</returns>
    /// <exception cref="D2lException">No systemd-boot, or the kernel and initramfs do not fit the ESP.</exception>
    public static async Task<BootCodeOrigin> WriteAsync(Fat32Builder esp, FileTree tree, IFileContentStore store, BootFileReader reader,
        BootKernel kernel, string commandLine, string title, string imageName, CancellationToken cancellationToken)
    {
        var loader = await reader.ReadAsync(tree, store, LoaderPath, MaxLoaderSize, cancellationToken).ConfigureAwait(false)
            ?? throw D2lException.BadInput(imageName, $"no systemd-boot ({LoaderPath}): install systemd-boot-efi in the image "
                + "(see templates/) or on this machine");
        await esp.AddFileAsync(FallbackPath, loader.Bytes, cancellationToken).ConfigureAwait(false);

        string kernelName = await CopyAsync(esp, tree, store, kernel.KernelPath, imageName, cancellationToken).ConfigureAwait(false);
        string? initrdName = kernel.InitrdPath is { } initrd
            ? await CopyAsync(esp, tree, store, initrd, imageName, cancellationToken).ConfigureAwait(false)
            : null;

        var entry = new StringBuilder();
        entry.Append("title ").Append(title).Append('\n');
        entry.Append("linux /").Append(kernelName).Append('\n');
        if (initrdName is not null)
        {
            entry.Append("initrd /").Append(initrdName).Append('\n');
        }
        entry.Append("options ").Append(commandLine).Append('\n');
        await esp.AddFileAsync("loader/entries/d2l.conf", Encoding.UTF8.GetBytes(entry.ToString()), cancellationToken).ConfigureAwait(false);
        // timeout 0 boots the default at once; holding a key in the firmware console still shows the menu.
        await esp.AddFileAsync("loader/loader.conf", Encoding.UTF8.GetBytes("default d2l.conf\ntimeout 0\neditor no\n"),
            cancellationToken).ConfigureAwait(false);
        return loader.Origin;
    }

    private static async Task<string> CopyAsync(Fat32Builder esp, FileTree tree, IFileContentStore store, string path, string imageName,
        CancellationToken cancellationToken)
    {
        if (tree.Resolve(path) is not { Kind: NodeKind.RegularFile, Content: { } content })
        {
            throw D2lException.BadInput(imageName, $"{path} is not a regular file");
        }
        string name = $"{KernelDirectory}/{path[(path.LastIndexOf('/') + 1)..]}";
        if (content.Length > esp.FreeBytes - Units.MiB)
        {
            throw D2lException.BadInput(imageName, $"{path} ({content.Length} bytes) does not fit the EFI System Partition "
                + $"({esp.FreeBytes} bytes free)");
        }
        await using var stream = store.OpenRead(content);
        await esp.AddFileAsync(name, stream, content.Length, cancellationToken).ConfigureAwait(false);
        return name;
    }
}
