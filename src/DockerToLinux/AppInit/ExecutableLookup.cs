using DockerToLinux.RootFs;

namespace DockerToLinux.AppInit;

/// <summary>
/// Finds the file a container runtime would execute for <c>argv[0]</c>: a name with a slash as it stands
/// (relative to the working directory), any other name in the directories of the process's PATH, in order. The
/// guest's busybox would run its own applet for a bare name such as <c>ls</c>, so d2l decides the path here,
/// in the image's tree, and the guest executes exactly that path.
/// </summary>
internal static class ExecutableLookup
{
    /// <summary>The absolute path to execute (symlinks kept, as <c>execve</c> follows them), or null.</summary>
    /// <param name="tree">The image's tree.</param>
    /// <param name="program">argv[0] as configured.</param>
    /// <param name="path">The value of the process's PATH.</param>
    /// <param name="workingDir">The absolute working directory, for relative names.</param>
    public static string? Find(FileTree tree, string program, string path, string workingDir)
    {
        if (program.Length == 0)
        {
            return null;
        }
        var candidates = program.Contains('/', StringComparison.Ordinal)
            ? [program]
            : path.Split(':').Where(directory => directory.Length > 0).Select(directory => directory.TrimEnd('/') + "/" + program);
        return candidates.Select(candidate => Absolute(candidate, workingDir)).FirstOrDefault(candidate => IsExecutable(tree, candidate));
    }

    private static string Absolute(string path, string workingDir) =>
        path.StartsWith('/') ? path : workingDir.TrimEnd('/') + "/" + path;

    private static bool IsExecutable(FileTree tree, string path) =>
        tree.Resolve(path) is { Kind: NodeKind.RegularFile } node && (node.Permissions & 0b001_001_001) != 0;
}
