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
        var spec = ImageRunSpec.Resolve(config, options);
        var files = new TreeWriter(tree, store, time, cancellationToken);
        string? passwd = await files.ReadTextAsync("/etc/passwd").ConfigureAwait(false);
        string? group = await files.ReadTextAsync("/etc/group").ConfigureAwait(false);
        var user = UserResolver.Resolve(spec.User, passwd, group);
        ServiceIdentity.Check(user, passwd, group);
        string path = EnvironmentEntries.Value(EnvironmentEntries.ForProcess(spec.Env, options.Hostname, user.Home), "PATH") ?? string.Empty;
        string program = spec.Argv[0];
        string executable = ExecutableLookup.Find(tree, program, path, spec.WorkingDir)
            ?? throw D2lException.BadSetting(Setting.Service, program.Contains('/', StringComparison.Ordinal)
                ? $"the image has no executable file '{program}' for the service"
                : $"the image has no executable '{program}' in PATH {path} for the service");
        var launch = new AppLaunch(spec, user, executable, options.Hostname, ImageRunSpec.StopTimeoutSeconds(options),
            TmpfsOnRun: false, TmpfsOnTmp: false);
        await AppServiceInstaller.InstallAsync(tree, store, launch, manager, files.Time, cancellationToken).ConfigureAwait(false);
    }
}
