using DockerToLinux.Boot.Grub;
using DockerToLinux.Boot.Uefi;
using DockerToLinux.Boot;
using DockerToLinux.Disks.Gpt;
using DockerToLinux.Disks;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// How a build boots, in the order it happens: the loaders are chosen for the kernel (<see cref="Plan"/>, before
/// the system is prepared, so a missing loader fails before any work is wasted); the BIOS loader is installed and
/// the EFI System Partition written (<see cref="InstallAsync"/>); and once the root filesystem's size is known, the
/// partition table is written with the boot code that lives outside the filesystem (<see cref="WritePartitionTableAsync"/>).
/// Each loader's own knowledge is in its folder: extlinux in Boot, GRUB in Boot/Grub, UEFI in Boot/Uefi. The kernel
/// is handed in rather than looked up here, so it may come from the image's tree or from anywhere else.
/// </summary>
public sealed class DiskBoot
{
    private readonly DiskLayout _layout;
    private readonly string _imageName;
    private readonly IBiosBootLoader? _bios;
    private readonly EspBoot? _esp;

    private readonly RootNaming _rootNaming;

    private DiskBoot(BootKernel kernel, DiskLayout layout, string imageName, IBiosBootLoader? bios, EspBoot? esp, RootNaming rootNaming)
    {
        Kernel = kernel;
        _rootNaming = rootNaming;
        _layout = layout;
        _imageName = imageName;
        _bios = bios;
        _esp = esp;
    }

    /// <summary>The kernel that boots.</summary>
    public BootKernel Kernel { get; }

    /// <summary>The loader that goes on the EFI System Partition, or null when the disk has none.</summary>
    public EfiLoader? EfiLoader => _esp?.Loader;

    /// <summary>Chooses how <paramref name="kernel"/> boots on <paramref name="layout"/>.</summary>
    /// <param name="bootloader">The boot loader.</param>
    /// <param name="layout">The disk's partitions.</param>
    /// <param name="kernel">The kernel to boot (see <see cref="KernelLocator"/>).</param>
    /// <param name="tree">The flattened root filesystem.</param>
    /// <param name="imageName">The image as the user named it, for messages.</param>
    /// <param name="hostRoot">Where this machine's files are looked up; "/" except in tests.</param>
    /// <param name="efiLoader">The user's choice of UEFI loader.</param>
    /// <param name="rootNaming">How the kernel command line names the root: by filesystem UUID through an initramfs,
    /// or by partition UUID for a kernel that boots without one (see <see cref="RootAccessDecision"/>).</param>
    /// <exception cref="D2lException">No UEFI loader is available, or one was chosen for a disk without an ESP.</exception>
    public static DiskBoot Plan(Bootloader bootloader, DiskLayout layout, BootKernel kernel, FileTree tree, string imageName,
        string hostRoot = "/", EfiLoader efiLoader = Boot.Uefi.EfiLoader.Auto, RootNaming rootNaming = RootNaming.FilesystemUuid)
    {
        CheckEfiLoader(layout, efiLoader);
        var reader = new BootFileReader(hostRoot);
        IBiosBootLoader? bios = bootloader switch
        {
            Bootloader.Extlinux => new ExtlinuxBoot(new SyslinuxLocator(hostRoot), gpt: layout.Table == PartitionTable.Gpt),
            Bootloader.Grub or Bootloader.Hybrid => new GrubPcBoot(reader, layout.BiosBootStart is { } start
                ? GrubCorePlace.InBiosBootPartition(start, DiskLayout.BiosBootBytes, layout.RootPartitionNumber)
                : GrubCorePlace.AfterMbr(layout.RootStart, layout.RootPartitionNumber)),
            _ => null,
        };
        var esp = layout.EspStart is null ? null : EspBoot.Choose(efiLoader, tree, reader, imageName);
        return new DiskBoot(kernel, layout, imageName, bios, esp, rootNaming);
    }

    /// <summary>Refuses a UEFI loader choice for a disk without an ESP (before any layer is read).</summary>
    /// <exception cref="D2lException">An explicit <paramref name="efiLoader"/> and no ESP.</exception>
    public static void CheckEfiLoader(DiskLayout layout, EfiLoader efiLoader)
    {
        if (layout.EspStart is null && efiLoader != Boot.Uefi.EfiLoader.Auto)
        {
            throw D2lException.BadSetting(Setting.EfiLoader, $"{EfiLoaders.Name(efiLoader)} needs the uefi or hybrid boot loader");
        }
    }

    /// <summary>Installs the BIOS loader's files and writes the ESP, if the layout has one, to the disk.</summary>
    /// <param name="tree">The root filesystem.</param>
    /// <param name="store">The filesystem writer's store.</param>
    /// <param name="disk">The disk, for the ESP.</param>
    /// <param name="kernelArguments">The user's extra kernel arguments, or null.</param>
    /// <param name="identity">The build's clock and identifiers.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What the partition table step writes outside the filesystem, and where the boot code came from.</returns>
    public async Task<InstalledBoot> InstallAsync(FileTree tree, IPinnedContentStore store, IDiskTarget disk, string? kernelArguments,
        BuildIdentity identity, CancellationToken cancellationToken)
    {
        var fsUuid = identity.FilesystemUuid;
        string root = _rootNaming == RootNaming.PartitionUuid ? "PARTUUID=" + RootPartitionUuid(_layout, identity) : $"UUID={fsUuid:D}";
        var entry = new BootEntry(Kernel, KernelCommandLine.Build(tree, root, kernelArguments), fsUuid, $"d2l: {_imageName}");
        var bios = _bios is null ? null
            : await _bios.InstallAsync(tree, store, entry, identity.Time, _imageName, cancellationToken).ConfigureAwait(false);
        string? espOrigin = null;
        if (_esp is not null && _layout.EspStart is { } espStart)
        {
            espOrigin = await _esp.WriteAsync(new SliceTarget(disk, espStart), DiskLayout.EspBytes, espStart / Units.SectorBytes, identity.EspVolumeId,
                tree, store, entry, identity.Time, _imageName, cancellationToken).ConfigureAwait(false);
        }
        string[] origins = [.. new[] { bios?.Origin, espOrigin }.OfType<string>()];
        return new InstalledBoot(bios, origins.Length == 0 ? null : string.Join(", ", origins));
    }

    /// <summary>
    /// The root partition's identity as the kernel reads it: on GPT the partition's unique GUID; on MBR the disk
    /// signature in hex and the partition's number (<c>SSSSSSSS-01</c>).
    /// </summary>
    public static string RootPartitionUuid(DiskLayout layout, BuildIdentity identity) =>
        layout.Table == PartitionTable.Gpt
            ? identity.RootPartitionGuid.ToString("D")
            : $"{identity.MbrDiskSignature:x8}-{layout.RootPartitionNumber:x2}";

    /// <summary>Writes the partition table with the BIOS boot code: sector 0, GRUB's core.img, the root partition's boot sector.</summary>
    /// <param name="disk">The disk.</param>
    /// <param name="layout">The disk's partitions.</param>
    /// <param name="bios">What the BIOS loader's install left for outside the filesystem, or null for a disk without one.</param>
    /// <param name="rootBytes">The root filesystem's final size.</param>
    /// <param name="diskBytes">The disk's final size.</param>
    /// <param name="identity">Makes the disk signature and GUIDs.</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    public static async Task WritePartitionTableAsync(IDiskTarget disk, DiskLayout layout, BiosBootCode? bios, long rootBytes,
        long diskBytes, BuildIdentity identity, CancellationToken cancellationToken)
    {
        if (layout.Table == PartitionTable.Mbr)
        {
            var table = MbrPartitionTable.SingleLinuxPartition(layout.RootStart / Units.SectorBytes, rootBytes / Units.SectorBytes, identity.MbrDiskSignature,
                bios?.MbrCode);
            await disk.WriteAsync(0, table, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var partitions = layout.GptPartitions(rootBytes, identity, legacyBootableRoot: bios?.LegacyBootableRoot ?? false);
            var gpt = GptPartitionTable.Build(partitions, identity.GptDiskGuid, diskBytes / Units.SectorBytes, bios?.MbrCode);
            await disk.WriteAsync(0, gpt.Start, cancellationToken).ConfigureAwait(false);
            await disk.WriteAsync(gpt.EndLba * Units.SectorBytes, gpt.End, cancellationToken).ConfigureAwait(false);
        }
        if (bios?.Embedded is { } embedded)
        {
            await disk.WriteAsync(embedded.Offset, embedded.Bytes, cancellationToken).ConfigureAwait(false);
        }
        if (bios?.RootBootSector is { } bootSector)
        {
            byte[] sector = bootSector(layout.RootStart / Units.SectorBytes, rootBytes / Units.SectorBytes);
            await disk.WriteAsync(layout.RootStart, sector, cancellationToken).ConfigureAwait(false);
        }
    }
}
