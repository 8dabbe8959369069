using DockerToLinux.Boot;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Plans how a kernel image's kernel goes into an image: never overwriting the image's own files. A file or
/// module folder the image already has counts as the same one when names, kinds and sizes agree (the same
/// kernel package) and is then kept; anything else there is a conflict that names both images.
/// </summary>
public static class KernelInstallPlanner
{
    /// <summary>Plans the copy of <paramref name="kernel"/> into <paramref name="target"/>.</summary>
    /// <param name="target">The image's flattened tree, which the disk is built from.</param>
    /// <param name="source">The kernel image's flattened tree.</param>
    /// <param name="sourceStore">Where <paramref name="source"/>'s bytes are (a module tar is read only on a clash).</param>
    /// <param name="kernel">The kernel chosen from <paramref name="source"/>.</param>
    /// <param name="imageName">The image's name, for messages.</param>
    /// <param name="kernelImageName">The kernel image's name, for messages.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="D2lException">The image already has different files where the kernel's go.</exception>
    public static async Task<KernelInstallPlan> PlanAsync(FileTree target, FileTree source, IFileContentStore sourceStore, KernelImage kernel,
        string imageName, string kernelImageName, CancellationToken cancellationToken)
    {
        string kernelPath = $"{RealFolder(target, "/boot")}/vmlinuz-{kernel.Version}";
        string? initramfsPath = kernel.InitramfsPath is null ? null : $"{RealFolder(target, "/boot")}/initrd.img-{kernel.Version}";
        bool copyKernel = NeedsFile(target, kernelPath, source, kernel.KernelPath, imageName, kernelImageName);
        bool copyInitramfs = initramfsPath is not null
            && NeedsFile(target, initramfsPath, source, kernel.InitramfsPath!, imageName, kernelImageName);
        if (kernel.Modules is not { } modules)
        {
            return new KernelInstallPlan(kernelPath, initramfsPath, null, copyKernel, copyInitramfs, false);
        }
        string modulesPath = $"{RealFolder(target, "/lib/modules")}/{kernel.Version}";
        var existing = ModuleListing.FromTree(target, modulesPath);
        if (existing.Count > 0 && !existing.SameAs(await ListAsync(source, sourceStore, modules, cancellationToken).ConfigureAwait(false)))
        {
            throw Conflict(imageName, modulesPath, kernelImageName, modules.Kind == ModuleTreeKind.Tar
                ? $"{modules.SourcePath}:{modules.MemberPrefix.TrimEnd('/')}" : modules.SourcePath);
        }
        return new KernelInstallPlan(kernelPath, initramfsPath, modulesPath, copyKernel, copyInitramfs, existing.Count == 0);
    }

    /// <summary>
    /// The real path of <paramref name="folder"/> in <paramref name="tree"/>: the longest part that exists,
    /// symlinks followed, with the rest appended as the directories that will be made.
    /// </summary>
    public static string RealFolder(FileTree tree, string folder)
    {
        var parts = FileTree.SplitPath(folder);
        for (int existing = parts.Count; existing > 0; existing--)
        {
            string prefix = "/" + string.Join('/', parts.Take(existing));
            if (tree.Resolve(prefix) is { Kind: NodeKind.Directory } && TreePaths.Canonical(tree, prefix) is { } real)
            {
                return string.Join('/', parts.Skip(existing).Prepend(real == "/" ? string.Empty : real));
            }
        }
        return folder;
    }

    private static bool NeedsFile(FileTree target, string path, FileTree source, string sourcePath, string imageName, string kernelImageName)
    {
        var present = target.Lookup(path)?.Node;
        if (present is null)
        {
            return true;
        }
        return present.Kind == NodeKind.RegularFile && present.Size == source.Resolve(sourcePath)!.Size
            ? false
            : throw Conflict(imageName, path, kernelImageName, sourcePath);
    }

    private static async Task<ModuleListing> ListAsync(FileTree source, IFileContentStore store, ModuleTree modules,
        CancellationToken cancellationToken)
    {
        if (modules.Kind == ModuleTreeKind.Directory)
        {
            return ModuleListing.FromTree(source, modules.SourcePath);
        }
        await using var tar = store.OpenRead(source.Resolve(modules.SourcePath)!.Content!);
        return await ModuleListing.FromTarAsync(tar, modules.MemberPrefix, cancellationToken).ConfigureAwait(false);
    }

    private static D2lException Conflict(string imageName, string path, string kernelImageName, string sourcePath) =>
        D2lException.BadInput(imageName, $"already has {path}, which differs from {kernelImageName}'s {sourcePath}; "
            + "the image's own files are never overwritten: remove one of them or pick another kernel version");
}
