using DockerToLinux.Boot;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Recognises the kernel in a flattened kernel image (any layout of <see cref="KernelImageLayout"/>) and
/// picks one version: the newest, or the one asked for. Refuses, as bad input, an image without a
/// kernel and one whose kernel is an ELF <c>vmlinux</c> rather than a bzImage.
/// </summary>
internal static class KernelImageReader
{
    private const string LinuxKitKernel = "/kernel";
    private const string LinuxKitModules = "/kernel.tar";
    private static readonly string[] BusyboxPaths = ["/bin/busybox", "/usr/bin/busybox", "/sbin/busybox", "/usr/sbin/busybox"];

    /// <summary>Describes the kernel <paramref name="tree"/> holds.</summary>
    /// <param name="tree">The kernel image's flattened root filesystem.</param>
    /// <param name="store">Where the tree's file bytes are.</param>
    /// <param name="imageName">The kernel image's name, for messages.</param>
    /// <param name="version">The release to take (<c>--kernel-version</c>), or null for the newest.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="D2lException">No kernel, no such version, or a kernel no boot loader can start.</exception>
    public static async Task<KernelImage> ReadAsync(FileTree tree, IFileContentStore store, string imageName, string? version,
        CancellationToken cancellationToken)
    {
        var candidates = KernelCandidates.Find(tree);
        if (await LinuxKitAsync(tree, store, imageName, cancellationToken).ConfigureAwait(false) is { } linuxKit)
        {
            candidates.TryAdd(linuxKit.Version, linuxKit);
        }
        if (candidates.Count == 0)
        {
            throw NoBootableKernel(tree, imageName);
        }
        var versions = candidates.Keys.Order(KernelVersionComparer.Instance).ToList();
        string chosen = version ?? versions[^1];
        if (!candidates.TryGetValue(chosen, out var candidate))
        {
            throw D2lException.BadSetting(Setting.KernelVersion, $"{imageName} has no kernel {chosen}; it has {string.Join(", ", versions)}");
        }
        var header = await ContentPrefix.ReadAsync(tree, store, candidate.KernelPath, KernelFileFormat.HeaderBytes, cancellationToken)
            .ConfigureAwait(false);
        if (!KernelFileFormat.IsBzImage(header))
        {
            throw D2lException.BadInput(imageName, KernelFileFormat.IsElf(header)
                ? $"{candidate.KernelPath} is an uncompressed ELF vmlinux; boot loaders need a bzImage (vmlinuz)"
                : $"{candidate.KernelPath} is not a bzImage (no \"HdrS\" setup header); boot loaders need one");
        }
        string? busybox = await StaticBusyboxAsync(tree, store, cancellationToken).ConfigureAwait(false);
        return new KernelImage(candidate.Layout, candidate.Version, candidate.KernelPath, candidate.InitramfsPath, candidate.Modules,
            candidate.ConfigPath, busybox, versions);
    }

    // LinuxKit's kernel names no version in its file names: the module folder in kernel.tar does, and
    // without modules the release string in the bzImage's own header.
    private static async Task<KernelCandidate?> LinuxKitAsync(FileTree tree, IFileContentStore store, string imageName,
        CancellationToken cancellationToken)
    {
        if (KernelCandidates.FileAt(tree, LinuxKitKernel) is not { } kernel)
        {
            return null;
        }
        if (await Kernels.LinuxKitModules.FindAsync(tree, store, LinuxKitModules, imageName, cancellationToken).ConfigureAwait(false)
            is { } modules)
        {
            return new KernelCandidate(KernelImageLayout.LinuxKit, modules.Version, kernel, null, modules.Tree, null);
        }
        var header = await ContentPrefix.ReadAsync(tree, store, kernel, KernelFileFormat.HeaderBytes, cancellationToken).ConfigureAwait(false);
        return KernelFileFormat.ReleaseOf(header) is { } release
            ? new KernelCandidate(KernelImageLayout.LinuxKit, release, kernel, null, null, null)
            : null;
    }

    private static D2lException NoBootableKernel(FileTree tree, string imageName)
    {
        if (KernelCandidates.ElfKernels(tree).FirstOrDefault() is { } vmlinux)
        {
            return D2lException.BadInput(imageName,
                $"has only an uncompressed ELF kernel ({vmlinux}); boot loaders need a bzImage (vmlinuz)");
        }
        return D2lException.BadInput(imageName, "is not a kernel image: it has no /boot/vmlinuz-VERSION, "
            + "/usr/lib/modules/VERSION/vmlinuz or LinuxKit /kernel (see templates/kernel)");
    }

    /// <summary>The path of a statically linked busybox in <paramref name="tree"/>, or null.</summary>
    public static async Task<string?> StaticBusyboxAsync(FileTree tree, IFileContentStore store, CancellationToken cancellationToken)
    {
        foreach (string path in BusyboxPaths)
        {
            if (KernelCandidates.FileAt(tree, path) is { } busybox
                && StaticElf.IsStatic(await ContentPrefix.ReadAsync(tree, store, busybox, KernelFileFormat.HeaderBytes, cancellationToken)
                    .ConfigureAwait(false)))
            {
                return busybox;
            }
        }
        return null;
    }
}
