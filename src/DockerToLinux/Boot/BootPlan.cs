using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>
/// The pipeline's view of booting with extlinux: find the kernel early (so an image without one fails
/// before any work is wasted), install once the system is prepared, then hand out the MBR code and the
/// boot sector when the disk layout is known.
/// </summary>
public sealed class BootPlan
{
    private readonly string _imageName;
    private readonly SyslinuxLocator _locator;
    private readonly bool _gpt;

    private BootPlan(BootKernel kernel, string imageName, SyslinuxLocator locator, bool gpt)
    {
        BootKernel = kernel;
        _imageName = imageName;
        _locator = locator;
        _gpt = gpt;
    }

    /// <summary>The kernel and initramfs that will boot.</summary>
    public BootKernel BootKernel { get; }

    /// <summary>The kernel's path in the root filesystem.</summary>
    public string Kernel => BootKernel.KernelPath;

    /// <summary>The install, once <see cref="InstallAsync(FileTree, IPinnedContentStore, Guid, string?, DateTimeOffset, CancellationToken)"/> ran.</summary>
    public ExtlinuxInstallation? Installation { get; private set; }

    /// <summary>Where the boot code came from, for the user; null before installing.</summary>
    public string? BootCodeOrigin => Installation?.BootCode is not { } code ? null
        : code.MbrOrigin.FromImage == code.BlobsOrigin.FromImage ? code.BlobsOrigin.ToString()
        : $"{code.BlobsOrigin}, mbr.bin from {code.MbrOrigin}";

    /// <summary>The 440 bytes of MBR code (<c>gptmbr.bin</c> for a GPT disk).</summary>
    /// <exception cref="InvalidOperationException">Not installed yet.</exception>
    public byte[] MbrCode => Installed.MbrCode;

    private ExtlinuxInstallation Installed =>
        Installation ?? throw new InvalidOperationException("extlinux is not installed yet");

    /// <summary>Finds the kernel to boot.</summary>
    /// <param name="tree">The flattened root filesystem.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="locator">Where to look for syslinux; null looks in the image, then on this machine.</param>
    /// <param name="gpt">True for a GPT disk, whose protective MBR gets <c>gptmbr.bin</c>.</param>
    /// <exception cref="D2lException">The image has no kernel.</exception>
    public static BootPlan Find(FileTree tree, string imageName, SyslinuxLocator? locator = null, bool gpt = false) =>
        new(KernelLocator.FindOrThrow(tree, imageName), imageName, locator ?? new SyslinuxLocator(), gpt);

    /// <summary>Locates the boot code and installs extlinux into the tree.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="filesystemUuid">The root filesystem's UUID, for <c>root=UUID=</c>.</param>
    /// <param name="kernelArguments">The user's extra kernel arguments, or null.</param>
    /// <param name="time">The build's clock, for the new files' times.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="D2lException">No usable syslinux boot code.</exception>
    public async Task InstallAsync(FileTree tree, IPinnedContentStore store, Guid filesystemUuid, string? kernelArguments,
        DateTimeOffset time, CancellationToken cancellationToken)
    {
        var bootCode = await _locator.LocateAsync(tree, store, _imageName, cancellationToken, _gpt).ConfigureAwait(false);
        string commandLine = KernelCommandLine.Build(tree, filesystemUuid, kernelArguments);
        Installation = await ExtlinuxInstaller.InstallAsync(tree, store, bootCode, BootKernel, commandLine,
            FsTimestamp.FromDateTimeOffset(time), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Installs with the kernel file's own modification time for the new files, which is as reproducible
    /// as the image itself.
    /// </summary>
    /// <inheritdoc cref="InstallAsync(FileTree, IPinnedContentStore, Guid, string?, DateTimeOffset, CancellationToken)"/>
    public Task InstallAsync(FileTree tree, IPinnedContentStore store, Guid filesystemUuid, string? kernelArguments,
        CancellationToken cancellationToken)
    {
        var kernelTime = tree.Resolve(Kernel)?.ModificationTime ?? default;
        var time = DateTimeOffset.FromUnixTimeSeconds(kernelTime.Seconds);
        return InstallAsync(tree, store, filesystemUuid, kernelArguments, time, cancellationToken);
    }

    /// <summary>The 512 bytes for the partition's first sector.</summary>
    /// <param name="partitionStart">The partition's first LBA on the disk.</param>
    /// <param name="partitionSectors">The partition's length in sectors.</param>
    /// <exception cref="InvalidOperationException">Not installed yet.</exception>
    public byte[] BootSector(long partitionStart, long partitionSectors) => Installed.BootSector(partitionStart, partitionSectors);
}
