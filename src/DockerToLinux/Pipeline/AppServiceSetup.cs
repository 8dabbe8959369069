using DockerToLinux.Accounts;
using DockerToLinux.AppInit;
using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Installs the image's process as a service of the image's own init (<see cref="BuildOptions.Service"/>): resolves
/// the process as <c>docker run</c> would (the image's configuration with <see cref="BuildOptions.Run"/>, the user in
/// the image's account files, argv[0] in the process's PATH) and writes the systemd unit or OpenRC script.
/// </summary>
internal static class AppServiceSetup
{
    /// <summary>Refuses options that contradict a service before anything is read.</summary>
    /// <exception cref="D2lException">A service with the app init chosen.</exception>
    public static void CheckOptions(BuildOptions options)
    {
        if (options.Service && options.Init == InitChoice.App)
        {
            throw D2lException.BadSetting(Setting.Service,
                "the service runs under the image's own init, and --init app boots d2l's app init instead");
        }
    }

    /// <summary>Installs the service when the options ask for one.</summary>
    /// <exception cref="D2lException">The image's init is neither systemd nor OpenRC, or the process cannot be
    /// resolved in the image.</exception>
    public static async Task ApplyAsync(BuildOptions options, ImageConfig config, FileTree tree,
        IFileContentStore store, DateTimeOffset time, CancellationToken cancellationToken)
    {
        if (!options.Service)
        {
            return;
        }
        var manager = ImageSystem.Init(tree) switch
        {
            InitSystem.Systemd => ServiceManager.Systemd,
            InitSystem.OpenRc => ServiceManager.OpenRc,
            _ => throw D2lException.BadSetting(Setting.Service,
                "the image's init is neither systemd nor OpenRC, so nothing would start the image's process as a service"),
        };
        var resolved = await ImageLaunchResolver.ResolveAsync(options, config, tree, store, cancellationToken).ConfigureAwait(false);
        ServiceIdentity.Check(resolved.User, resolved.Passwd, resolved.Group);
        string executable = resolved.Executable ?? throw D2lException.BadSetting(Setting.Service, $"{resolved.MissingProgram} for the service");
        var launch = new AppLaunch(resolved.Spec, resolved.User, executable, options.Hostname, ImageRunSpec.StopTimeoutSeconds(options),
            TmpfsOnRun: false, TmpfsOnTmp: false);
        await AppServiceInstaller.InstallAsync(tree, store, launch, manager, FsTimestamp.FromDateTimeOffset(time), cancellationToken).ConfigureAwait(false);
    }
}
