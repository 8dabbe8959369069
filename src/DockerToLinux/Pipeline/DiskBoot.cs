using DockerToLinux.Boot;
using DockerToLinux.Boot.Grub;
using DockerToLinux.Boot.Uefi;
using DockerToLinux.Disks;
using DockerToLinux.Disks.Fat32;
using DockerToLinux.Disks.Gpt;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// The boot side of a build for one boot loader and layout: finds the kernel before any work is wasted,
/// installs the loader's files (into the root filesystem, and for UEFI onto the EFI System Partition), and
/// finally writes the partition table with the BIOS boot code once the disk's size is known.
/// </summary>
public sealed class DiskBoot
{
    private readonly Bootloader _bootloader;
    private readonly DiskLayout _layout;
    private readonly string _imageName;
    private readonly BootPlan? _extlinux;
    private readonly BootFileReader _reader;
    private readonly List<string> _origins = [];
    private byte[]? _grubCore;
    private byte[]? _grubMbrCode;

    private DiskBoot(Bootloader bootloader, DiskLayout layout, string imageName, BootKernel? kernel, BootPlan? extlinux, BootFileReader reader,
        EfiLoader? efiLoader = null)
    {
        _bootloader = bootloader;
        _layout = layout;
        _imageName = imageName;
        Kernel = kernel;
        _extlinux = extlinux;
        _reader = reader;
        EfiLoader = efiLoader;
    }

    /// <summary>The kernel that boots, or null for <see cref="Bootloader.None"/>.</summary>
    public BootKernel? Kernel { get; }

    /// <summary>The loader that goes on the EFI System Partition, or null when the disk has none.</summary>
    public EfiLoader? EfiLoader { get; }

    /// <summary>Where the boot code came from, for the user; null when there is none.</summary>
    public string? BootCodeOrigin => _extlinux?.BootCodeOrigin ?? (_origins.Count == 0 ? null : string.Join(", ", _origins));

    /// <summary>
    /// Finds the kernel and, for a disk with an ESP, chooses its loader (an image without either fails here,
    /// before the filesystem is finished).
    /// </summary>
    /// <param name="bootloader">The boot loader.</param>
    /// <param name="layout">The disk's partitions.</param>
    /// <param name="tree">The flattened root filesystem.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="hostRoot">Where this machine's files are looked up; "/" except in tests.</param>
    /// <param name="efiLoader">The user's choice of UEFI loader.</param>
    /// <exception cref="D2lException">The image has no kernel, or no UEFI loader is available.</exception>
    public static DiskBoot Plan(Bootloader bootloader, DiskLayout layout, FileTree tree, string imageName, string hostRoot = "/",
        EfiLoader efiLoader = Boot.Uefi.EfiLoader.Auto)
    {
        CheckEfiLoader(layout, efiLoader);
        if (bootloader == Bootloader.None)
        {
            return new DiskBoot(bootloader, layout, imageName, null, null, new BootFileReader(hostRoot));
        }
        var extlinux = bootloader == Bootloader.Extlinux
            ? BootPlan.Find(tree, imageName, new SyslinuxLocator(hostRoot), layout.Table == PartitionTable.Gpt)
            : null;
        var kernel = extlinux?.BootKernel ?? KernelLocator.FindOrThrow(tree, imageName);
        var reader = new BootFileReader(hostRoot);
        var chosen = layout.EspStart is null ? (EfiLoader?)null : EfiLoaders.Choose(efiLoader, tree, reader, imageName);
        return new DiskBoot(bootloader, layout, imageName, kernel, extlinux, reader, chosen);
    }

    /// <summary>Refuses a UEFI loader choice for a disk without an ESP (before any layer is read).</summary>
    /// <exception cref="D2lException">An explicit <paramref name="efiLoader"/> and no ESP.</exception>
    public static void CheckEfiLoader(DiskLayout layout, EfiLoader efiLoader)
    {
        if (layout.EspStart is null && efiLoader != Boot.Uefi.EfiLoader.Auto)
        {
            throw D2lException.BadInput("--efi-loader", $"{EfiLoaders.Name(efiLoader)} needs --bootloader uefi or hybrid");
        }
    }

    /// <summary>Installs the boot loader's files; the ESP, if the layout has one, is written to the disk now.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="disk">The disk, for the ESP.</param>
    /// <param name="filesystemUuid">The root filesystem's UUID.</param>
    /// <param name="kernelArguments">The user's extra kernel arguments, or null.</param>
    /// <param name="identity">The build's clock and identifiers.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task InstallAsync(FileTree tree, IPinnedContentStore store, IDiskTarget disk, Guid filesystemUuid,
        string? kernelArguments, BuildIdentity identity, CancellationToken cancellationToken)
    {
        if (Kernel is null)
        {
            return;
        }
        if (_extlinux is not null)
        {
            await _extlinux.InstallAsync(tree, store, filesystemUuid, kernelArguments, identity.Time, cancellationToken).ConfigureAwait(false);
            return;
        }
        string commandLine = KernelCommandLine.Build(tree, filesystemUuid, kernelArguments);
        string title = $"d2l: {_imageName}";
        var time = FsTimestamp.FromDateTimeOffset(identity.Time);
        if (_bootloader is Bootloader.Grub or Bootloader.Hybrid)
        {
            var files = await GrubPcLocator.LocateAsync(tree, store, _reader, _imageName, cancellationToken).ConfigureAwait(false);
            long coreLba = (_layout.BiosBootStart ?? 512) / 512;
            string partitionName = (_layout.Table == PartitionTable.Gpt ? "gpt" : "msdos") + _layout.RootPartitionNumber;
            _grubCore = await GrubInstaller.InstallAsync(tree, store, files, Kernel, commandLine, filesystemUuid, partitionName, coreLba,
                title, time, cancellationToken).ConfigureAwait(false);
            long room = _layout.BiosBootStart is null ? _layout.RootStart - 512 : DiskLayout.BiosBootBytes;
            if (_grubCore.Length > room)
            {
                throw D2lException.BadInput(_imageName, $"GRUB's core.img is {_grubCore.Length} bytes; only {room} fit before the partition");
            }
            _grubMbrCode = GrubBootSector.MbrCode(files.BootImage, coreLba);
            _origins.Add($"GRUB from {files.Origin}");
        }
        if (_layout.EspStart is { } espStart)
        {
            var esp = new Fat32Builder(new SliceTarget(disk, espStart), DiskLayout.EspBytes, espStart / 512, identity.EspVolumeId, "ESP",
                identity.Time);
            if (EfiLoader == Boot.Uefi.EfiLoader.Grub)
            {
                var origin = await GrubEfiEsp.WriteAsync(esp, tree, store, _reader, Kernel, commandLine, filesystemUuid, title, time,
                    _imageName, cancellationToken).ConfigureAwait(false);
                _origins.Add($"GRUB for UEFI from {origin}");
            }
            else
            {
                var origin = await SystemdBootEsp.WriteAsync(esp, tree, store, _reader, Kernel, commandLine, title, _imageName,
                    cancellationToken).ConfigureAwait(false);
                _origins.Add($"systemd-boot from {origin}");
            }
            await esp.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the partition table, the BIOS boot code and the root partition's boot sector.</summary>
    /// <param name="disk">The disk.</param>
    /// <param name="rootBytes">The root filesystem's final size.</param>
    /// <param name="diskBytes">The disk's final size.</param>
    /// <param name="identity">Makes the disk signature and GUIDs.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    public async Task WriteDiskAsync(IDiskTarget disk, long rootBytes, long diskBytes, BuildIdentity identity, CancellationToken cancellationToken)
    {
        byte[]? mbrCode = _extlinux?.MbrCode ?? _grubMbrCode;
        if (_layout.Table == PartitionTable.Mbr)
        {
            var table = MbrPartitionTable.SingleLinuxPartition(_layout.RootStart / 512, rootBytes / 512, identity.MbrDiskSignature, mbrCode);
            await disk.WriteAsync(0, table, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var partitions = _layout.GptPartitions(rootBytes, identity, legacyBootableRoot: _extlinux is not null);
            var gpt = GptPartitionTable.Build(partitions, identity.GptDiskGuid, diskBytes / 512, mbrCode);
            await disk.WriteAsync(0, gpt.Start, cancellationToken).ConfigureAwait(false);
            await disk.WriteAsync(gpt.EndLba * 512, gpt.End, cancellationToken).ConfigureAwait(false);
        }
        if (_grubCore is not null)
        {
            await disk.WriteAsync(_layout.BiosBootStart ?? 512, _grubCore, cancellationToken).ConfigureAwait(false);
        }
        if (_extlinux is not null)
        {
            var bootSector = _extlinux.BootSector(_layout.RootStart / 512, rootBytes / 512);
            await disk.WriteAsync(_layout.RootStart, bootSector, cancellationToken).ConfigureAwait(false);
        }
    }
}
