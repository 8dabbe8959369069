using DockerToLinux.AppInit;
using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Decides whether a disk boots the app init (<see cref="BuildOptions.Init"/>, and for <see cref="InitChoice.Auto"/>
/// whether the image has an init of its own) and, when it does, everything the app's start needs from the image's
/// tree: the run specification, the identity, and the file argv[0] names.
/// </summary>
internal static class AppVmPlanner
{
    /// <summary>Whether the disk boots the app init rather than the image's own init.</summary>
    public static async Task<bool> UsesAppInitAsync(BuildOptions options, FileTree tree, IFileContentStore store, CancellationToken cancellationToken) =>
        options.Init switch
        {
            InitChoice.App => true,
            InitChoice.Image => false,
            // A disk without boot code has no kernel command line to start the app init with.
            _ when options.Bootloader == Bootloader.None => false,
            _ => !ImageInit.HasOwn(tree, await TreeFiles.ReadTextAsync(tree, store, ImageInit.InittabPath, cancellationToken).ConfigureAwait(false)),
        };

    /// <summary>The app's launch, for a disk that boots the app init.</summary>
    /// <exception cref="D2lException">The run specification, the user or the program cannot be resolved in the image.</exception>
    public static async Task<AppLaunch> PlanAsync(BuildOptions options, ImageConfig config, FileTree tree, IFileContentStore store,
        CancellationToken cancellationToken)
    {
        var resolved = await ImageLaunchResolver.ResolveAsync(options, config, tree, store, cancellationToken).ConfigureAwait(false);
        string executable = resolved.Executable
            ?? throw new ProgramNotFoundException(ProgramSetting(options.Run, config), resolved.MissingProgram);
        return new AppLaunch(resolved.Spec, resolved.User, executable, options.Hostname, ImageRunSpec.StopTimeoutSeconds(options),
            AppInitWriter.IsEmptyOrAbsent(tree, "/run"), AppInitWriter.IsEmptyOrAbsent(tree, "/tmp"))
        {
            ConsoleInput = options.AppReadsConsole,
        };
    }

    // argv[0] comes from the entrypoint override when there is one, else from a Cmd override when no entrypoint remains.
    private static Setting? ProgramSetting(RunOverrides run, ImageConfig config) =>
        run.Entrypoint is { Count: > 0 } ? Setting.Entrypoint
        : run.Cmd is not null && (run.Entrypoint ?? config.Entrypoint ?? []).Count == 0 ? Setting.Cmd
        : null;
}
