using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;

namespace DockerToLinux.Accounts;

/// <summary>Symbolic links d2l makes in the tree, such as the wants links that enable a systemd unit.</summary>
public static class TreeLinks
{
    /// <summary>Puts a root-owned symlink to <paramref name="target"/> at <paramref name="path"/>, replacing what is there.</summary>
    /// <exception cref="D2lException">The parent path runs through something that is not a directory.</exception>
    public static void Link(FileTree tree, string path, string target, FsTimestamp time)
    {
        TreeFiles.EnsureDirectory(tree, path[..path.LastIndexOf('/')], time);
        var link = FsNode.NewSymlink(target);
        link.ModificationTime = time;
        if (!tree.Set(path, link, TreeFiles.GeneratedLayer))
        {
            throw new D2lException(FailureKind.BadInput, $"cannot link {path}: a part of its path is not a directory in the image");
        }
    }

    /// <summary>Enables <paramref name="unitPath"/> for <paramref name="target"/> as <c>systemctl enable</c> would.</summary>
    /// <returns>The link's path.</returns>
    public static string Enable(FileTree tree, string target, string unitPath, FsTimestamp time)
    {
        string path = $"{ImageSystem.LocalUnitDirectory}/{target}.wants/{unitPath[(unitPath.LastIndexOf('/') + 1)..]}";
        Link(tree, path, unitPath, time);
        return path;
    }
}
