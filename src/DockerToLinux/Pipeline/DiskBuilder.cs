using DockerToLinux.Accounts;
using DockerToLinux.AppInit;
using DockerToLinux.Boot;
using DockerToLinux.Disks;
using DockerToLinux.Ext4;
using DockerToLinux.Images;
using DockerToLinux.Kernels;
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
    // The smallest root filesystem a given disk size may leave: below it, ext4's metadata and journal leave
    // no useful room, and the error names a size that works instead.
    private const long SmallestRootBytes = 16 * Units.MiB;

    // A layer that does not declare its uncompressed size is assumed to grow by at most this factor when
    // unpacked: well above what gzip or zstd achieve on real file trees.
    private const long AssumedExpansion = 20;

    // The most an auto-sized filesystem may hold, as a multiple of what the layers declare (or are assumed)
    // to hold: room for an image whose declarations are low, still bounded.
    private const long ContentAllowance = 4;

    // Whatever the layers declare, the cap lies between these: a small image may still write more than it
    // declares, and no image fills more than a disk d2l can describe.
    private const long LeastMaximumContent = 4 * Units.GiB, MostMaximumContent = 2 * Units.TiB;

    /// <summary>Builds the disk that <paramref name="options"/> describes.</summary>
    /// <exception cref="D2lException">Bad input or an image that cannot become a bootable disk.</exception>
    public async Task<BuildResult> BuildAsync(BuildOptions options, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        progress ??= new Progress<BuildProgress>();
        var format = options.Format ?? DiskFormatNames.FromExtension(options.OutputPath);
        if (options.LayersAtOnce is < 1)
        {
            throw D2lException.BadSetting(Setting.LayersAtOnce, $"{options.LayersAtOnce} is not a number of layers (at least 1)");
        }
        AppServiceSetup.CheckOptions(options);
        using var output = OutputFile.Prepare(options.OutputPath, options.Force);
        string spoolFolder = Path.GetDirectoryName(output.TemporaryPath) ?? ".";
        await using var source = ImageSource.Parse(options.Source, options.Image);
        progress.Report(new BuildProgress(BuildStage.Read, $"reading {source.Description}"));
        var image = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var kernels = await KernelSupply.OpenAsync(options, spoolFolder, progress, cancellationToken).ConfigureAwait(false);
        var identity = options.SourceDateEpoch is { } epoch
            ? BuildIdentity.Reproducible(image.Digest.ToString(), kernels.KernelImageDigest, epoch)
            : BuildIdentity.Random();

        var layout = DiskLayout.For(options.Bootloader, BootloaderDefaults.Resolve(options.Bootloader, options.PartitionTable));
        DiskBoot.CheckEfiLoader(layout, options.EfiLoader);
        // Sizes are checked against the layers before the first byte is written.
        long maxContent = MaximumContent(image, kernels.DeclaredBytes);
        var filesystemOptions = FilesystemOptions(options, image, identity, layout, maxContent);
        long maxDiskSize = Math.Max(options.DiskSize ?? 0, layout.RootStart + maxContent + layout.TrailingBytes);
        await using var disk = DiskTargets.Create(format, output.TemporaryPath, maxDiskSize, identity.DiskStamp, Path.GetFileName(output.TargetPath));
        var partition = new SliceTarget(disk, layout.RootStart);
        await using var filesystem = new Ext4Builder(partition, filesystemOptions);
        var tree = new FileTree(filesystem.Release);

        SuppliedKernel? kernel;
        InstalledBoot? installed = null;
        Ext4Result ext4;
        IReadOnlyList<string> notes;
        AppLaunch? launch;
        try
        {
            await LayerFlattener.FlattenAsync(image, tree, filesystem, disk.AcceptsConcurrentWrites, options.LayersAtOnce,
                progress, cancellationToken)
                .ConfigureAwait(false);

            progress.Report(new BuildProgress(BuildStage.Prepare, "preparing the system"));
            bool appInit = await AppVmPlanner.UsesAppInitAsync(options, tree, filesystem, cancellationToken).ConfigureAwait(false);
            // The kernel and the loaders are found before the system is prepared, so an image without them fails early.
            kernel = options.Bootloader == Bootloader.None ? null
                : await kernels.ProvideAsync(tree, filesystem, source.Description, spoolFolder, FsTimestamp.FromDateTimeOffset(identity.Time),
                    appInit, progress, cancellationToken).ConfigureAwait(false);
            var boot = kernel is null ? null
                : DiskBoot.Plan(options.Bootloader, layout, kernel.Kernel, tree, source.Description, efiLoader: options.EfiLoader,
                    rootNaming: kernel.Access.Naming);
            var systemPrep = new SystemPrepOptions
            {
                Hostname = options.Hostname,
                FilesystemUuid = identity.FilesystemUuid,
                EspVolumeId = layout.EspStart is null ? null : identity.EspVolumeId,
                RootPassword = options.RootPassword,
                Time = identity.Time,
                SaltSeed = identity.RootPasswordSaltSeed,
                CloudInitUserData = options.CloudInitUserData,
                CloudInitMetaData = options.CloudInitMetaData,
            };
            if (options.Network.NameServers.Count > 0)
            {
                // The name servers asked for replace the defaults in /etc/resolv.conf, which is what a static
                // network resolves with (a DHCP client rewrites the file with what the network offers).
                systemPrep = systemPrep with { NameServers = [.. options.Network.NameServers.Select(server => server.ToString())] };
            }
            var prepared = await SystemPreparer.ApplyAsync(tree, filesystem, systemPrep, cancellationToken).ConfigureAwait(false);
            var accounts = await AccountsPreparer.ApplyAsync(tree, filesystem, new AccountsOptions
            {
                Users = options.Users,
                RootSshKeys = options.RootSshKeys,
                Network = options.Network,
                Time = identity.Time,
                SaltSeed = identity.UserPasswordSaltSeed,
            }, cancellationToken).ConfigureAwait(false);
            notes = [.. prepared.Notes, .. accounts.Notes];
            // After the accounts, so the app may run as a user the build adds.
            launch = appInit ? await AppVmPlanner.PlanAsync(options, image.Config, tree, filesystem, cancellationToken).ConfigureAwait(false) : null;
            if (launch is not null)
            {
                await WriteAppInitAsync(launch, kernels, tree, filesystem, source.Description, identity, cancellationToken).ConfigureAwait(false);
            }
            await AppServiceSetup.ApplyAsync(options, image.Config, tree, filesystem, identity.Time, cancellationToken).ConfigureAwait(false);

            if (boot is not null)
            {
                string loader = options.Bootloader.ToString().ToLowerInvariant();
                progress.Report(new BuildProgress(BuildStage.Boot, $"installing {loader} for {boot.Kernel.KernelPath}"));
                string? kernelArguments = launch is null ? options.KernelArguments
                    : string.Join(' ', new[] { AppInitWriter.KernelArguments, options.KernelArguments }.Where(text => !string.IsNullOrWhiteSpace(text)));
                installed = await boot.InstallAsync(tree, filesystem, disk, kernelArguments, identity, cancellationToken)
                    .ConfigureAwait(false);
            }

            progress.Report(new BuildProgress(BuildStage.Filesystem, "writing filesystem metadata"));
            ext4 = await filesystem.FinishAsync(tree.Root, cancellationToken).ConfigureAwait(false);
        }
        catch (FilesystemFullException full) when (options.DiskSize is { } size)
        {
            throw DiskSizeCheck.TooSmall(size, full.UsedBytes, image, layout, full);
        }

        progress.Report(new BuildProgress(BuildStage.Disk, "writing the partition table"));
        long diskSize = layout.RootStart + ext4.SizeBytes + layout.TrailingBytes;
        await DiskBoot.WritePartitionTableAsync(disk, layout, installed?.Bios, ext4.SizeBytes, diskSize, identity, cancellationToken)
            .ConfigureAwait(false);
        await disk.CompleteAsync(diskSize, cancellationToken).ConfigureAwait(false);
        await disk.DisposeAsync().ConfigureAwait(false);
        output.Commit();
        return new BuildResult(output.TargetPath, diskSize, ext4.UsedBytes, ext4.Uuid, kernel?.Kernel.KernelPath, installed?.Origin)
        {
            KernelImage = kernel?.KernelImage,
            KernelAccess = kernel?.KernelImage is null ? null : kernel.Access,
            Notes = notes,
            SourceDigest = image.Digest.ToString(),
            SourcePlatform = new Platform(image.Config.Os, image.Config.Architecture, image.Config.Variant),
            App = launch is null ? null : [launch.Executable, .. launch.Spec.Argv.Skip(1)],
        };
    }

    private static async Task WriteAppInitAsync(AppLaunch launch, KernelSupply kernels, FileTree tree, Ext4Builder filesystem,
        string imageName, BuildIdentity identity, CancellationToken cancellationToken)
    {
        var busybox = await kernels.OpenBusyboxAsync(tree, filesystem, cancellationToken).ConfigureAwait(false)
            ?? throw D2lException.BadSetting(Setting.Kernel, $"{imageName} boots the app init, which needs a static busybox, and neither "
                + "the kernel image nor the image has one (/bin/busybox, statically linked; the kernel template carries Debian's busybox-static)");
        await using (busybox.Bytes.ConfigureAwait(false))
        {
            await AppInitWriter.WriteAsync(tree, filesystem, launch, busybox.Bytes, busybox.Length, FsTimestamp.FromDateTimeOffset(identity.Time),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static Ext4Options FilesystemOptions(BuildOptions options, ContainerImage image, BuildIdentity identity, DiskLayout layout,
        long maxContent)
    {
        long? fsSize = null;
        if (options.DiskSize is { } size)
        {
            long partitionBytes = (size - layout.RootStart - layout.TrailingBytes) / DiskLayout.Alignment * DiskLayout.Alignment;
            if (partitionBytes < SmallestRootBytes)
            {
                long least = (layout.RootStart + layout.TrailingBytes + SmallestRootBytes) / Units.MiB;
                throw D2lException.BadSetting(Setting.DiskSize, $"a disk of {ByteSize.Format(size)} is too small for this layout (at least {least} MiB)");
            }
            DiskSizeCheck.RefuseBelowLayers(size, partitionBytes, image, layout);
            fsSize = partitionBytes;
        }
        return new Ext4Options
        {
            Uuid = identity.FilesystemUuid,
            HashSeed = identity.DirectoryHashSeed,
            SizeBytes = fsSize,
            MaxSizeBytes = maxContent,
            CreationTime = FsTimestamp.FromDateTimeOffset(identity.Time),
        };
    }

    // The most an auto-sized filesystem may hold: generous next to what the layers declare, so a "zip bomb"
    // stops with a clear message instead of filling the user's disk. A kernel image's files count too.
    private static long MaximumContent(ContainerImage image, long kernelImageBytes)
    {
        long declared = kernelImageBytes;
        foreach (var layer in image.Layers)
        {
            declared += layer.PlausibleMostBytes(AssumedExpansion);
        }
        return Math.Clamp(declared * ContentAllowance, LeastMaximumContent, MostMaximumContent);
    }
}

/// <summary>What a build produced.</summary>
/// <param name="Path">The disk file.</param>
/// <param name="DiskSize">Its virtual size in bytes.</param>
/// <param name="FilesystemUsed">Bytes the filesystem uses.</param>
/// <param name="FilesystemUuid">The root filesystem's UUID (what <c>root=UUID=</c> names).</param>
/// <param name="Kernel">The kernel the boot loader starts, when there is one.</param>
/// <param name="BootCodeOrigin">Where the boot code came from (the image or this machine).</param>
public sealed record BuildResult(string Path, long DiskSize, long FilesystemUsed, Guid FilesystemUuid, string? Kernel, string? BootCodeOrigin)
{
    /// <summary>The kernel image the kernel came from, or null for the image's own kernel.</summary>
    public string? KernelImage { get; init; }

    /// <summary>How a kernel image's kernel reaches the root, and from which disk buses; null for the image's own kernel.</summary>
    public RootAccess? KernelAccess { get; init; }

    /// <summary>What the preparation left as the image has it, with the reason (for example its own network configuration).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The manifest digest of the image the disk was built from.</summary>
    public string? SourceDigest { get; init; }

    /// <summary>The platform of the image the disk was built from, which a containerDisk of it declares.</summary>
    public Platform? SourcePlatform { get; init; }

    /// <summary>
    /// The program the app init runs, followed by its arguments (argv[0] resolved in the image), or null when the
    /// disk boots the image's own init.
    /// </summary>
    public IReadOnlyList<string>? App { get; init; }
}
