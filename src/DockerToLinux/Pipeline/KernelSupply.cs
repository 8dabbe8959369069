using DockerToLinux.Kernels;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Where a build's kernel comes from: the kernel image the build names (it wins over the image's own kernel),
/// the image's own kernel, or the default kernel image for images without one. The kernel image is opened
/// before the disk exists, because reproducible identifiers derive from its digest too; a named one is also
/// read before the image's layers, so a kernel image that cannot boot is refused before any work on the disk.
/// </summary>
internal sealed class KernelSupply : IAsyncDisposable
{
    private readonly KernelImageSource? _kernelImage;
    private readonly bool _named;
    private readonly string? _version;
    private RootAccess? _access;
    private LoadedKernelImage? _loaded;

    private KernelSupply(KernelImageSource? kernelImage, bool named, string? version)
    {
        _kernelImage = kernelImage;
        _named = named;
        _version = version;
    }

    /// <summary>The kernel image's digest, or null when the build has none.</summary>
    public string? KernelImageDigest => _kernelImage?.Digest;

    /// <summary>What the kernel image's files may add to the disk (0 without one).</summary>
    public long DeclaredBytes => _kernelImage?.DeclaredBytes ?? 0;

    /// <summary>Opens the kernel image <paramref name="options"/> names, and reads a named one's kernel.</summary>
    /// <exception cref="D2lException">A kernel version without a kernel image, or a kernel image that cannot be read or booted.</exception>
    public static async Task<KernelSupply> OpenAsync(BuildOptions options, string spoolFolder, IProgress<BuildProgress> progress,
        CancellationToken cancellationToken)
    {
        string? reference = options.Kernel ?? options.DefaultKernel;
        if (reference is null || options.Bootloader == Bootloader.None)
        {
            return options.KernelVersion is null || options.Bootloader == Bootloader.None ? new KernelSupply(null, false, null)
                : throw D2lException.BadSetting(Setting.KernelVersion, $"{options.KernelVersion} picks a version of a kernel image, and none is given");
        }
        progress.Report(new BuildProgress(BuildStage.Read, $"reading kernel image {reference}"));
        var kernelImage = await KernelImageSource.OpenAsync(reference, options.Image, cancellationToken).ConfigureAwait(false);
        var supply = new KernelSupply(kernelImage, options.Kernel is not null, options.KernelVersion);
        try
        {
            if (supply._named)
            {
                var loaded = await kernelImage.LoadAsync(options.KernelVersion, spoolFolder, progress, cancellationToken).ConfigureAwait(false);
                supply._access = await RootAccessDecision.DecideAsync(loaded, cancellationToken).ConfigureAwait(false);
            }
            return supply;
        }
        catch
        {
            await supply.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Decides the kernel for the flattened <paramref name="tree"/> and, for a kernel image's kernel, copies its
    /// kernel, initramfs and modules into the disk. An app VM (<paramref name="appInit"/>) whose kernel has an
    /// initramfs takes no modules: the initramfs loads the disk and network drivers before the app init starts,
    /// and the app init loads none. Its initramfs is d2l's own (<see cref="AppInitramfs"/>) when the kernel image
    /// has a static busybox and uncompressed modules, else the kernel image's.
    /// </summary>
    /// <exception cref="D2lException">No kernel anywhere, a clash with the image's files, or a kernel that cannot reach the root.</exception>
    public async Task<SuppliedKernel> ProvideAsync(FileTree tree, IFileContentStore store, string imageName, string spoolFolder,
        FsTimestamp time, bool appInit, IProgress<BuildProgress> progress, CancellationToken cancellationToken)
    {
        var own = _named ? null : KernelLocator.Find(tree);
        if (own is not null)
        {
            return new SuppliedKernel(own, new RootAccess(RootNaming.FilesystemUuid, null), null, null);
        }
        if (_kernelImage is null)
        {
            throw D2lException.BadSetting(Setting.Kernel, $"{imageName} has no kernel (no /vmlinuz, /boot/vmlinuz-* or "
                + "/usr/lib/modules/*/vmlinuz): give it a kernel image, such as one built from templates/kernel, "
                + "or install a kernel in the image (see templates/)");
        }
        var loaded = await _kernelImage.LoadAsync(_version, spoolFolder, progress, cancellationToken).ConfigureAwait(false);
        _loaded = loaded;
        var plan = await KernelInstallPlanner.PlanAsync(tree, loaded.Tree, loaded.Store, loaded.Kernel, imageName, loaded.Name,
            cancellationToken).ConfigureAwait(false);
        ModuleDependencies? ownInitramfs = null;
        if (appInit && plan.InitramfsPath is not null)
        {
            ownInitramfs = await AppInitramfs.DependenciesAsync(loaded, cancellationToken).ConfigureAwait(false);
            plan = plan with { CopyModules = false, CopyInitramfs = plan.CopyInitramfs && ownInitramfs is null };
        }
        var access = _access ?? await RootAccessDecision.DecideAsync(loaded, cancellationToken).ConfigureAwait(false);
        progress.Report(new BuildProgress(BuildStage.Prepare, $"copying kernel {loaded.Kernel.Version} from {loaded.Name}"));
        await KernelInstaller.InstallAsync(loaded, plan, tree, store, time, cancellationToken).ConfigureAwait(false);
        if (ownInitramfs is not null)
        {
            await AppInitramfsInstaller.InstallAsync(loaded, ownInitramfs, tree, store, plan.InitramfsPath!, time, spoolFolder, cancellationToken)
                .ConfigureAwait(false);
        }
        return new SuppliedKernel(new BootKernel(plan.KernelPath, plan.InitramfsPath), access, loaded.Name, loaded.Kernel.Version);
    }

    /// <summary>
    /// Opens the static busybox the app init runs on: the kernel image's (when the disk boots its kernel), else a
    /// static busybox of the image's own; null when neither has one. Nothing comes from this machine.
    /// </summary>
    public async Task<(Stream Bytes, long Length)?> OpenBusyboxAsync(FileTree tree, IFileContentStore store, CancellationToken cancellationToken)
    {
        var (sourceTree, sourceStore) = _loaded is { Kernel.BusyboxPath: not null } loaded ? (loaded.Tree, loaded.Store) : (tree, store);
        string? path = _loaded?.Kernel.BusyboxPath
            ?? await KernelImageReader.StaticBusyboxAsync(tree, store, cancellationToken).ConfigureAwait(false);
        if (path is null || sourceTree.Resolve(path) is not { Kind: NodeKind.RegularFile, Content: { } content })
        {
            return null;
        }
        return (sourceStore.OpenRead(content), content.Length);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_kernelImage is not null)
        {
            await _kernelImage.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The kernel a build boots.</summary>
/// <param name="Kernel">Its kernel and initramfs in the disk's tree.</param>
/// <param name="Access">How it reaches the root filesystem, and from which buses.</param>
/// <param name="KernelImage">The kernel image it came from, or null for the image's own kernel.</param>
/// <param name="Version">Its release when it came from a kernel image.</param>
internal sealed record SuppliedKernel(BootKernel Kernel, RootAccess Access, string? KernelImage, string? Version);
