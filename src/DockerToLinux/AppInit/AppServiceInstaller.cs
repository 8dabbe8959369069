using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.AppInit;

/// <summary>
/// Installs the image's process as a service of the image's own init (<c>--service</c>): writes the systemd unit
/// or the OpenRC script and enables it by the link <c>systemctl enable</c> or <c>rc-update add</c> would make,
/// without running anything in the image. The working directory is created when the image lacks it, as Docker
/// creates it.
/// </summary>
internal static class AppServiceInstaller
{
    /// <summary>Writes and enables the service.</summary>
    /// <param name="tree">The image's tree.</param>
    /// <param name="store">Where file bytes go.</param>
    /// <param name="launch">The process, resolved against the image.</param>
    /// <param name="manager">The image's service manager.</param>
    /// <param name="time">The time given to everything written.</param>
    /// <param name="cancellationToken">Cancels storing.</param>
    /// <returns>The paths written: the service file and its enabling link.</returns>
    /// <exception cref="D2lException">A value the service file cannot carry.</exception>
    public static async Task<IReadOnlyList<string>> InstallAsync(FileTree tree, IFileContentStore store, AppLaunch launch,
        ServiceManager manager, FsTimestamp time, CancellationToken cancellationToken)
    {
        var (path, text, mode, link) = manager switch
        {
            ServiceManager.Systemd => (ServiceUnit.Path, ServiceUnit.Text(launch), 0b110_100_100,
                $"/etc/systemd/system/{ServiceUnit.WantedBy}.wants/{ServiceUnit.Name}"),
            _ => (OpenRcService.Path, OpenRcService.Script(launch), 0b111_101_101, OpenRcService.RunlevelLink),
        };
        TreeFiles.EnsureDirectory(tree, launch.Spec.WorkingDir, time);
        await TreeFiles.WriteAsync(tree, store, path, Encoding.UTF8.GetBytes(text), mode, time, cancellationToken, forceMode: mode)
            .ConfigureAwait(false);
        TreeFiles.EnsureDirectory(tree, link[..link.LastIndexOf('/')], time);
        var symlink = FsNode.NewSymlink(path);
        symlink.ModificationTime = time;
        if (!tree.Set(link, symlink, TreeFiles.GeneratedLayer))
        {
            throw new D2lException(FailureKind.BadInput, $"cannot link {link}: a part of its path is not a directory in the image");
        }
        return [path, link];
    }
}
