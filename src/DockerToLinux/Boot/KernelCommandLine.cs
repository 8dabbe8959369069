using DockerToLinux.RootFs;

namespace DockerToLinux.Boot;

/// <summary>The kernel command line d2l boots with.</summary>
public static class KernelCommandLine
{
    /// <summary>
    /// <c>root=UUID=… ro</c> plus consoles on the screen and the first serial port (the last one becomes
    /// /dev/console, so serial logs show everything), Alpine's module hints when the image is Alpine, then
    /// the user's own arguments.
    /// </summary>
    /// <param name="tree">The root filesystem, to recognise Alpine.</param>
    /// <param name="filesystemUuid">The root filesystem's UUID.</param>
    /// <param name="extraArguments">The user's <c>--append</c> text, or null.</param>
    public static string Build(FileTree tree, Guid filesystemUuid, string? extraArguments) =>
        Build(tree, $"UUID={filesystemUuid:D}", extraArguments);

    /// <summary>
    /// The same with the root named by <paramref name="root"/>: <c>UUID=…</c>, which only an initramfs resolves,
    /// or <c>PARTUUID=…</c>, which a kernel without one resolves itself.
    /// </summary>
    /// <param name="tree">The root filesystem, to recognise Alpine.</param>
    /// <param name="root">What follows <c>root=</c>.</param>
    /// <param name="extraArguments">The user's <c>--append</c> text, or null.</param>
    public static string Build(FileTree tree, string root, string? extraArguments)
    {
        var parts = new List<string> { $"root={root}", "ro" };
        // Alpine's mkinitfs loads only the modules it is told about before mounting root.
        if (tree.Resolve("/etc/alpine-release") is { Kind: NodeKind.RegularFile })
        {
            parts.Add("rootfstype=ext4");
            parts.Add("modules=sd-mod,usb-storage,ext4");
        }
        parts.Add("console=tty0");
        parts.Add("console=ttyS0,115200n8");
        if (!string.IsNullOrWhiteSpace(extraArguments))
        {
            parts.Add(extraArguments.Trim());
        }
        string line = string.Join(' ', parts);
        if (line.Contains('\n') || line.Contains('\r'))
        {
            throw D2lException.BadSetting(Setting.KernelArguments, "kernel arguments must be one line");
        }
        return line;
    }
}
