using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.AppInit;

/// <summary>
/// Puts the app init into the image's tree: <c>/.d2l/</c> with the static busybox, PID 1, its settings, the app
/// script and the DHCP event script, the mount points a boot needs even in an image that has none
/// (<c>FROM scratch</c>: an initramfs moves its <c>/dev</c>, <c>/proc</c>, <c>/sys</c> and <c>/run</c> there before
/// it hands over), and the working directory, which Docker also creates (root, 0755) when the image lacks it.
/// </summary>
internal static class AppInitWriter
{
    /// <summary>
    /// The kernel arguments that start the app init: quiet for the initramfs, with the kernel's notices (its
    /// "Linux version" banner, which times the kernel's start) until the init quiets the console for the app.
    /// </summary>
    public const string KernelArguments = "init=" + AppInitFiles.Folder + "/init panic=1 quiet loglevel=6";

    /// <summary>The mount points the init mounts on (and the initramfs moves its mounts to).</summary>
    public static readonly IReadOnlyList<string> MountPoints = ["/proc", "/sys", "/dev", "/run", "/tmp"];

    private const int ScriptMode = 0b111_101_101;
    private const int SettingsMode = 0b110_100_100;
    private const int StickyWorldWritable = 0b1_111_111_111;

    /// <summary>Whether the image's <paramref name="path"/> is empty or absent, so a tmpfs hides nothing there.</summary>
    public static bool IsEmptyOrAbsent(FileTree tree, string path) =>
        tree.Resolve(path) is not { } node || node is { Kind: NodeKind.Directory, Entries.Count: 0 };

    /// <summary>Writes the app init for <paramref name="launch"/>.</summary>
    /// <param name="tree">The image's tree.</param>
    /// <param name="store">Where file bytes go.</param>
    /// <param name="launch">What was decided about the process.</param>
    /// <param name="busybox">The static busybox's bytes.</param>
    /// <param name="busyboxLength">Their length.</param>
    /// <param name="time">The modification time of everything written.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <exception cref="D2lException">Something other than a directory stands where one is needed.</exception>
    public static async Task WriteAsync(FileTree tree, IFileContentStore store, AppLaunch launch, Stream busybox, long busyboxLength,
        FsTimestamp time, CancellationToken cancellationToken)
    {
        foreach (string mountPoint in MountPoints)
        {
            bool made = tree.Resolve(mountPoint) is null;
            var directory = TreeFiles.EnsureDirectory(tree, mountPoint, time);
            if (made && mountPoint == "/tmp")
            {
                directory.Permissions = StickyWorldWritable;
            }
        }
        TreeFiles.EnsureDirectory(tree, launch.Spec.WorkingDir, time);
        TreeFiles.EnsureDirectory(tree, AppInitFiles.Folder + "/run", time);

        var node = FsNode.NewFile(await store.AddAsync(busybox, busyboxLength, cancellationToken).ConfigureAwait(false), ScriptMode);
        node.ModificationTime = time;
        if (!tree.Set(AppInitFiles.Busybox, node, TreeFiles.GeneratedLayer))
        {
            throw new D2lException(FailureKind.BadInput, $"cannot write {AppInitFiles.Busybox}: a part of its path is not a directory in the image");
        }
        await WriteTextAsync(tree, store, "/init", InitScripts.Init, ScriptMode, time, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(tree, store, "/dhcp", InitScripts.Dhcp, ScriptMode, time, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(tree, store, "/app", AppInitFiles.App(launch), ScriptMode, time, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(tree, store, "/settings", AppInitFiles.Settings(launch), SettingsMode, time, cancellationToken).ConfigureAwait(false);
    }

    private static Task<FsNode> WriteTextAsync(FileTree tree, IFileContentStore store, string name, string text, int mode, FsTimestamp time,
        CancellationToken cancellationToken) =>
        TreeFiles.WriteAsync(tree, store, AppInitFiles.Folder + name, Encoding.UTF8.GetBytes(text), mode, time, cancellationToken, mode);
}
