using DockerToLinux.Boot;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Lists the kernel versions of the Debian and <c>/usr/lib/modules</c> layouts by their file names; LinuxKit's
/// needs its files read and is found by <see cref="KernelImageReader"/>.
/// </summary>
internal static class KernelCandidates
{
    private const string KernelPrefix = "vmlinuz-";
    private static readonly string[] ModuleRoots = ["/lib/modules", "/usr/lib/modules"];

    /// <summary>Every version by its release; where both layouts name one release, Debian's files win.</summary>
    public static Dictionary<string, KernelCandidate> Find(FileTree tree)
    {
        var found = new Dictionary<string, KernelCandidate>(StringComparer.Ordinal);
        foreach (string name in TreePaths.List(tree, "/boot").Order(StringComparer.Ordinal))
        {
            string version = name.StartsWith(KernelPrefix, StringComparison.Ordinal) ? name[KernelPrefix.Length..] : string.Empty;
            if (version.Length > 0 && KernelLocator.IsBootable(version) && FileAt(tree, "/boot/" + name) is { } kernel)
            {
                found.TryAdd(version, new KernelCandidate(KernelImageLayout.Debian, version, kernel,
                    FileAt(tree, $"/boot/initrd.img-{version}") ?? FileAt(tree, $"/boot/initramfs-{version}.img"),
                    ModulesOf(tree, version), FileAt(tree, $"/boot/config-{version}")));
            }
        }
        foreach (string root in ModuleRoots)
        {
            foreach (string version in TreePaths.List(tree, root).Order(StringComparer.Ordinal))
            {
                string folder = $"{root}/{version}";
                if (KernelLocator.IsBootable(version) && FileAt(tree, folder + "/vmlinuz") is { } kernel)
                {
                    found.TryAdd(version, new KernelCandidate(KernelImageLayout.UsrLibModules, version, kernel,
                        FileAt(tree, folder + "/initrd") ?? FileAt(tree, $"/boot/initramfs-{version}.img"),
                        ModulesOf(tree, version), FileAt(tree, folder + "/config") ?? FileAt(tree, $"/boot/config-{version}")));
                }
            }
        }
        return found;
    }

    /// <summary>Paths of uncompressed ELF kernels (<c>vmlinux</c>), which no boot loader starts.</summary>
    public static IEnumerable<string> ElfKernels(FileTree tree)
    {
        var names = TreePaths.List(tree, "/boot").Select(name => "/boot/" + name).Append("/vmlinux")
            .Concat(ModuleRoots.SelectMany(root => TreePaths.List(tree, root).Select(version => $"{root}/{version}/vmlinux")));
        return names.Where(path => path.EndsWith("/vmlinux", StringComparison.Ordinal)
                || path.StartsWith("/boot/vmlinux-", StringComparison.Ordinal))
            .Select(path => FileAt(tree, path)).OfType<string>().Distinct(StringComparer.Ordinal);
    }

    /// <summary>The real path of a non-empty regular file, or null.</summary>
    public static string? FileAt(FileTree tree, string path) =>
        TreePaths.IsNonEmptyFile(tree, path) ? TreePaths.Canonical(tree, path) : null;

    private static ModuleTree? ModulesOf(FileTree tree, string version) =>
        ModuleRoots.Select(root => $"{root}/{version}")
            .Where(folder => tree.Resolve(folder) is { Kind: NodeKind.Directory })
            .Select(folder => new ModuleTree(ModuleTreeKind.Directory, TreePaths.Canonical(tree, folder)!, string.Empty))
            .FirstOrDefault();
}
