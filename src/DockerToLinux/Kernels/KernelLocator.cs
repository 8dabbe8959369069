using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Finds the kernel and initramfs in a root filesystem the way distributions lay them out: Debian's
/// <c>/vmlinuz</c> and <c>/initrd.img</c> symlinks, versioned <c>/boot/vmlinuz-*</c> files (the newest wins),
/// Alpine's flavour names (<c>vmlinuz-virt</c> with <c>initramfs-virt</c>), Fedora's
/// <c>initramfs-*.img</c> and kernels kept in <c>/usr/lib/modules/*/vmlinuz</c>.
/// </summary>
public static class KernelLocator
{
    private const string KernelPrefix = "vmlinuz-";

    /// <summary>The kernel to boot, or null if the image has none.</summary>
    public static BootKernel? Find(FileTree tree)
    {
        foreach (string link in new[] { "/vmlinuz", "/boot/vmlinuz" })
        {
            if (TreePaths.IsNonEmptyFile(tree, link) && TreePaths.Canonical(tree, link) is { } kernel)
            {
                return new BootKernel(kernel, InitrdFor(tree, kernel, link.Replace("vmlinuz", "initrd.img")));
            }
        }

        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in TreePaths.List(tree, "/boot"))
        {
            if (name.StartsWith(KernelPrefix, StringComparison.Ordinal) && IsBootable(name)
                && TreePaths.IsNonEmptyFile(tree, "/boot/" + name))
            {
                versions.TryAdd(name[KernelPrefix.Length..], "/boot/" + name);
            }
        }
        foreach (string modulesDir in new[] { "/usr/lib/modules", "/lib/modules" })
        {
            foreach (string version in TreePaths.List(tree, modulesDir))
            {
                string path = $"{modulesDir}/{version}/vmlinuz";
                if (IsBootable(version) && TreePaths.IsNonEmptyFile(tree, path))
                {
                    versions.TryAdd(version, path);
                }
            }
        }
        if (versions.Count == 0)
        {
            return null;
        }
        string newest = versions.Keys.Max(KernelVersionComparer.Instance)!;
        string kernelPath = TreePaths.Canonical(tree, versions[newest]) ?? versions[newest];
        return new BootKernel(kernelPath, InitrdFor(tree, kernelPath, null, newest));
    }

    /// <summary>Like <see cref="Find"/>, but an image without a kernel is an input error.</summary>
    /// <exception cref="D2lException">The image has no kernel.</exception>
    public static BootKernel FindOrThrow(FileTree tree, string imageName) =>
        Find(tree) ?? throw D2lException.BadInput(imageName, "image has no kernel (no /vmlinuz, /boot/vmlinuz-*, "
            + "or /usr/lib/modules/*/vmlinuz): install one in the image, for example linux-image-amd64 on Debian "
            + "or linux-virt on Alpine (see templates/)");

    // Fedora's rescue kernels and signature or checksum files beside a kernel are never the one to boot.
    internal static bool IsBootable(string version) =>
        !version.Contains("rescue", StringComparison.Ordinal)
        && !version.EndsWith(".hmac", StringComparison.Ordinal)
        && !version.EndsWith(".sig", StringComparison.Ordinal)
        && !version.EndsWith(".old", StringComparison.Ordinal);

    private static string? InitrdFor(FileTree tree, string kernelPath, string? linkedInitrd, string? version = null)
    {
        if (linkedInitrd is not null && TreePaths.IsNonEmptyFile(tree, linkedInitrd))
        {
            return TreePaths.Canonical(tree, linkedInitrd);
        }
        string name = kernelPath[(kernelPath.LastIndexOf('/') + 1)..];
        version ??= name.StartsWith(KernelPrefix, StringComparison.Ordinal) ? name[KernelPrefix.Length..] : null;
        if (version is null)
        {
            return null;
        }
        string[] candidates =
        [
            $"/boot/initrd.img-{version}", $"/boot/initramfs-{version}.img", $"/boot/initramfs-{version}",
            $"/boot/initrd-{version}", $"/boot/initrd-{version}.img",
        ];
        return candidates.Where(path => TreePaths.IsNonEmptyFile(tree, path))
            .Select(path => TreePaths.Canonical(tree, path)).FirstOrDefault();
    }
}
