using DockerToLinux.Boot;
using DockerToLinux.Disks;
using DockerToLinux.Ext4;
using DockerToLinux.Images;
using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;

namespace DockerToLinux.Pipeline;

/// <summary>
/// The pipeline: reads an image, flattens its layers straight into an ext4 filesystem inside partition 1 of
/// the output disk, prepares the system, installs the boot loader and writes the partition table. Each
/// stage only sees its own input and output; this class runs them in order and reports progress.
/// </summary>
public sealed class DiskBuilder
{
    /// <summary>Where partition 1 starts: 1 MiB, the alignment every tool expects.</summary>
    public const long PartitionStart = 1 << 20;

    /// <summary>Builds the disk that <paramref name="options"/> describes.</summary>
    /// <exception cref="D2lException">Bad input or an image that cannot become a bootable disk.</exception>
    public async Task<BuildResult> BuildAsync(BuildOptions options, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        progress ??= new Progress<BuildProgress>();
        using var output = OutputFile.Prepare(options.OutputPath, options.Force);
        await using var source = ImageSource.Parse(options.Source);
        progress.Report(new BuildProgress(BuildStage.Read, $"reading {source.Description}"));
        var image = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var identity = options.SourceDateEpoch is { } epoch
            ? BuildIdentity.Reproducible(image.Digest.ToString(), epoch)
            : BuildIdentity.Random();

        // Sizes are checked against the layers before the first byte is written.
        var filesystemOptions = FilesystemOptions(options, image, identity);
        await using var disk = new RawDiskTarget(output.TemporaryPath);
        var partition = new SliceTarget(disk, PartitionStart);
        await using var filesystem = new Ext4Builder(partition, filesystemOptions);
        var tree = new FileTree(filesystem.Release);

        BootPlan? boot;
        Ext4Result ext4;
        try
        {
            await FlattenAsync(image, tree, filesystem, progress, cancellationToken).ConfigureAwait(false);

            progress.Report(new BuildProgress(BuildStage.Prepare, "preparing the system"));
            var fsUuid = identity.Uuid("filesystem");
            boot = options.Bootloader == Bootloader.None ? null : BootPlan.Find(tree, source.Description);
            await SystemPreparer.ApplyAsync(tree, filesystem, new SystemPrepOptions
            {
                Hostname = options.Hostname,
                FilesystemUuid = fsUuid,
                RootPassword = options.RootPassword,
                Time = identity.Time,
                SaltSeed = identity.IsReproducible ? identity.Bytes("root-password-salt", 16) : null,
            }, cancellationToken).ConfigureAwait(false);

            if (boot is not null)
            {
                progress.Report(new BuildProgress(BuildStage.Boot, $"installing extlinux for {boot.Kernel}"));
                await boot.InstallAsync(tree, filesystem, fsUuid, options.KernelArguments, identity.Time, cancellationToken).ConfigureAwait(false);
            }

            progress.Report(new BuildProgress(BuildStage.Filesystem, "writing filesystem metadata"));
            ext4 = await filesystem.FinishAsync(tree.Root, cancellationToken).ConfigureAwait(false);
        }
        catch (FilesystemFullException full) when (options.DiskSize is { } size)
        {
            throw SizeTooSmall(size, full.UsedBytes, image, full);
        }

        progress.Report(new BuildProgress(BuildStage.Disk, "writing the partition table"));
        long diskSize = PartitionStart + ext4.SizeBytes;
        var table = MbrPartitionTable.SingleLinuxPartition(PartitionStart / 512, ext4.SizeBytes / 512,
            DiskSignature(identity), boot?.MbrCode);
        await disk.WriteAsync(0, table, cancellationToken).ConfigureAwait(false);
        if (boot is not null)
        {
            var bootSector = boot.BootSector(PartitionStart / 512, ext4.SizeBytes / 512);
            await partition.WriteAsync(0, bootSector, cancellationToken).ConfigureAwait(false);
        }
        await disk.CompleteAsync(diskSize, cancellationToken).ConfigureAwait(false);
        await disk.DisposeAsync().ConfigureAwait(false);
        output.Commit();
        return new BuildResult(output.TargetPath, diskSize, ext4.UsedBytes, ext4.Uuid, boot?.Kernel, boot?.BootCodeOrigin);
    }

    private static Ext4Options FilesystemOptions(BuildOptions options, ContainerImage image, BuildIdentity identity)
    {
        long? fsSize = null;
        if (options.DiskSize is { } size)
        {
            long partitionBytes = (size - PartitionStart) / PartitionStart * PartitionStart;
            if (partitionBytes < 16 * PartitionStart)
            {
                throw D2lException.BadInput("--size", $"{ByteSize.Format(size)} is too small for any disk (at least 17 MiB)");
            }
            RefuseSizeBelowLayers(size, partitionBytes, image);
            fsSize = partitionBytes;
        }
        return new Ext4Options
        {
            Uuid = identity.Uuid("filesystem"),
            HashSeed = identity.Uuid("directory-hash-seed"),
            SizeBytes = fsSize,
            MaxSizeBytes = MaximumContent(image),
            CreationTime = FsTimestamp.FromDateTimeOffset(identity.Time),
        };
    }

    // Refuses a fixed size before anything is written when the layers' uncompressed sizes already show it
    // cannot hold them. Later layers may delete what earlier ones wrote, so only a size below half of the
    // declared total is refused here; anything closer is found when the filesystem fills up.
    private static void RefuseSizeBelowLayers(long diskSize, long partitionBytes, ContainerImage image)
    {
        long declared = image.Layers.Sum(layer => layer.UncompressedSizeHint ?? 0);
        if (partitionBytes < declared / 2)
        {
            throw SizeTooSmall(diskSize, 0, image, null);
        }
    }

    // The size needed is not known until every layer is in; the best advice is the larger of what was
    // written when the filesystem filled up and what the layers declare, plus the partition's offset.
    private static D2lException SizeTooSmall(long diskSize, long usedBytes, ContainerImage image, Exception? inner)
    {
        long declared = image.Layers.Sum(layer => layer.UncompressedSizeHint ?? 0);
        long content = Math.Max(declared, usedBytes + PartitionStart);
        long needed = PartitionStart + (content + PartitionStart - 1) / PartitionStart * PartitionStart;
        string written = usedBytes > 0 ? $"the filesystem filled up after {ByteSize.Format(usedBytes)}; " : string.Empty;
        return D2lException.BadInput("--size", $"{ByteSize.Format(diskSize)} is too small for {image.Name}: {written}its layers hold "
            + $"{ByteSize.Format(declared)} uncompressed, so the disk needs about {ByteSize.Format(needed)} or more (or use --size auto)", inner);
    }

    // The most an auto-sized filesystem may hold: generous next to what the layers declare, so a "zip bomb"
    // stops with a clear message instead of filling the user's disk.
    private static long MaximumContent(ContainerImage image)
    {
        long declared = 0;
        foreach (var layer in image.Layers)
        {
            declared += layer.UncompressedSizeHint ?? layer.Size * 20;
        }
        const long Floor = 4L << 30, Ceiling = 2L << 40;
        return Math.Clamp(declared * 4, Floor, Ceiling);
    }

    private static async Task FlattenAsync(ContainerImage image, FileTree tree, IFileContentStore store,
        IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        for (int i = 0; i < image.Layers.Count; i++)
        {
            var layer = image.Layers[i];
            progress.Report(new BuildProgress(BuildStage.Flatten,
                $"layer {i + 1}/{image.Layers.Count} {layer.Digest.ToString()[..19]} ({ByteSize.Format(layer.Size)})"));
            await using var tar = await layer.OpenTarAsync(cancellationToken).ConfigureAwait(false);
            await LayerApplier.ApplyAsync(tree, tar, i, store, cancellationToken).ConfigureAwait(false);
        }
    }

    private static uint DiskSignature(BuildIdentity identity) =>
        BitConverter.ToUInt32(identity.Bytes("mbr-disk-signature", 4)) | 1;
}

/// <summary>What a build produced.</summary>
/// <param name="Path">The disk file.</param>
/// <param name="DiskSize">Its virtual size in bytes.</param>
/// <param name="FilesystemUsed">Bytes the filesystem uses.</param>
/// <param name="FilesystemUuid">The root filesystem's UUID (what <c>root=UUID=</c> names).</param>
/// <param name="Kernel">The kernel the boot loader starts, when there is one.</param>
/// <param name="BootCodeOrigin">Where the boot code came from (the image or this machine).</param>
public sealed record BuildResult(string Path, long DiskSize, long FilesystemUsed, Guid FilesystemUuid, string? Kernel, string? BootCodeOrigin);
