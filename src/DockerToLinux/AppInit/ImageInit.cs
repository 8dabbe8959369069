using DockerToLinux.RootFs;

namespace DockerToLinux.AppInit;

/// <summary>
/// Whether an image brings an init of its own that boots a system: <c>/sbin/init</c> is systemd or sysvinit (or
/// any other program that is not busybox), or busybox init with an <c>/etc/inittab</c> whose programs all exist
/// (Alpine with OpenRC). A bare busybox <c>/sbin/init</c> does not count: Alpine's base image has one, with an
/// inittab that names an OpenRC it lacks, and booting it ends in a console that runs nothing of the image's.
/// </summary>
internal static class ImageInit
{
    /// <summary>The init a kernel starts when the command line names none.</summary>
    public const string InitPath = "/sbin/init";

    /// <summary>Where busybox init reads what to start.</summary>
    public const string InittabPath = "/etc/inittab";

    /// <summary>True if the image's own init should boot it.</summary>
    /// <param name="tree">The image's tree.</param>
    /// <param name="inittab">The text of <see cref="InittabPath"/>, or null when the image has none.</param>
    public static bool HasOwn(FileTree tree, string? inittab)
    {
        if (tree.Resolve(InitPath) is not { Kind: NodeKind.RegularFile } || TreePaths.Canonical(tree, InitPath) is not { } real)
        {
            return false;
        }
        string name = real[(real.LastIndexOf('/') + 1)..];
        if (!name.StartsWith("busybox", StringComparison.Ordinal))
        {
            return true;
        }
        var programs = InittabPrograms(inittab ?? string.Empty).ToList();
        return programs.Count > 0 && programs.All(program => tree.Resolve(program) is { Kind: NodeKind.RegularFile });
    }

    /// <summary>
    /// The programs an inittab starts: the first word of each entry's process field (<c>id:runlevels:action:process</c>),
    /// without the <c>-</c> that asks for a login shell.
    /// </summary>
    public static IEnumerable<string> InittabPrograms(string inittab) =>
        inittab.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(':', 4))
            .Where(fields => fields.Length == 4)
            .Select(fields => fields[3].Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty)
            .Select(program => program.TrimStart('-'))
            .Where(program => program.Length > 0);
}
