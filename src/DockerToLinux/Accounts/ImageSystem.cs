using DockerToLinux.RootFs;

namespace DockerToLinux.Accounts;

/// <summary>Facts about the image's system read from its tree, without running anything in it.</summary>
public static class ImageSystem
{
    /// <summary>Where packaged systemd units live, newest layout first.</summary>
    public static readonly IReadOnlyList<string> UnitDirectories = ["/usr/lib/systemd/system", "/lib/systemd/system"];

    /// <summary>The directory for the administrator's units and the wants links that enable units.</summary>
    public const string LocalUnitDirectory = "/etc/systemd/system";

    /// <summary>The init: systemd when /sbin/init leads to a systemd binary, OpenRC when it is installed, else SysV or none.</summary>
    public static InitSystem Init(FileTree tree)
    {
        if (tree.Lookup("/sbin/init")?.Node is not { } init)
        {
            return InitSystem.None;
        }
        if (init.Kind == NodeKind.Symlink && init.LinkTarget!.Contains("systemd", StringComparison.Ordinal))
        {
            return InitSystem.Systemd;
        }
        return IsFile(tree, "/sbin/openrc") || IsFile(tree, "/usr/sbin/openrc") ? InitSystem.OpenRc : InitSystem.SysV;
    }

    /// <summary>True if <paramref name="path"/> is (or links to) a regular file.</summary>
    public static bool IsFile(FileTree tree, string path) => tree.Resolve(path) is { Kind: NodeKind.RegularFile };

    /// <summary>The first of <paramref name="paths"/> that is a file, or null.</summary>
    public static string? FirstFile(FileTree tree, params ReadOnlySpan<string> paths)
    {
        foreach (string path in paths)
        {
            if (IsFile(tree, path))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>The path of a packaged or local unit file, or null when the image lacks it.</summary>
    public static string? UnitPath(FileTree tree, string unit) =>
        FirstFile(tree, [.. UnitDirectories.Select(directory => $"{directory}/{unit}"), $"{LocalUnitDirectory}/{unit}"]);

    /// <summary>True if a wants or requires link in /etc/systemd/system enables <paramref name="unit"/>.</summary>
    public static bool IsEnabled(FileTree tree, string unit) =>
        tree.Resolve(LocalUnitDirectory) is { Kind: NodeKind.Directory, Entries: { } entries }
        && entries.Any(pair => (pair.Key.EndsWith(".wants", StringComparison.Ordinal) || pair.Key.EndsWith(".requires", StringComparison.Ordinal))
            && pair.Value.Node.Entries?.ContainsKey(unit) == true);

    /// <summary>The names in directory <paramref name="path"/> (following links), or none.</summary>
    public static IEnumerable<string> List(FileTree tree, string path) =>
        tree.Resolve(path) is { Kind: NodeKind.Directory, Entries: { } entries } ? entries.Keys.Order(StringComparer.Ordinal) : [];

    /// <summary>The image's sshd, or null when openssh-server is not installed.</summary>
    public static string? Sshd(FileTree tree) => FirstFile(tree, "/usr/sbin/sshd", "/sbin/sshd");

    /// <summary>True if sudo is installed.</summary>
    public static bool HasSudo(FileTree tree) => FirstFile(tree, "/usr/bin/sudo", "/bin/sudo") is not null;
}
