using DockerToLinux.AppInit;
using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Turns the image's configuration, with <see cref="BuildOptions.Run"/>, into the process <c>docker run</c> would
/// start: the run specification, the user resolved in the image's <c>/etc/passwd</c> and <c>/etc/group</c>, and
/// argv[0] looked up in the image through the process's PATH. The app init and the service both start it.
/// </summary>
internal static class ImageLaunchResolver
{
    /// <summary>Resolves the process in <paramref name="tree"/>; <see cref="ResolvedLaunch.Executable"/> is null when argv[0] is not there.</summary>
    /// <exception cref="D2lException">No process at all, or a user or group the image does not have.</exception>
    public static async Task<ResolvedLaunch> ResolveAsync(BuildOptions options, ImageConfig config, FileTree tree, IFileContentStore store,
        CancellationToken cancellationToken)
    {
        var spec = ImageRunSpec.Resolve(config, options);
        string? passwd = await TreeFiles.ReadTextAsync(tree, store, "/etc/passwd", cancellationToken).ConfigureAwait(false);
        string? group = await TreeFiles.ReadTextAsync(tree, store, "/etc/group", cancellationToken).ConfigureAwait(false);
        RunAsUser user;
        try
        {
            user = UserResolver.Resolve(spec.User, passwd, group);
        }
        catch (D2lException error) when (error.Setting is null && options.Run.RunAs is not null)
        {
            throw new D2lException(error.Kind, Setting.RunAs, error.Message, error);
        }
        string path = EnvironmentEntries.Value(EnvironmentEntries.ForProcess(spec.Env, options.Hostname, user.Home), "PATH") ?? string.Empty;
        return new ResolvedLaunch(spec, user, passwd, group, path, ExecutableLookup.Find(tree, spec.Argv[0], path, spec.WorkingDir));
    }
}

/// <summary>A process resolved in the image.</summary>
/// <param name="Spec">The run specification.</param>
/// <param name="User">The identity it runs as.</param>
/// <param name="Passwd">The image's <c>/etc/passwd</c>, or null.</param>
/// <param name="Group">The image's <c>/etc/group</c>, or null.</param>
/// <param name="Path">The process's PATH.</param>
/// <param name="Executable">The file argv[0] names, or null when the image has none.</param>
internal sealed record ResolvedLaunch(RunSpec Spec, RunAsUser User, string? Passwd, string? Group, string Path, string? Executable)
{
    /// <summary>Why argv[0] was not found, for an error message.</summary>
    public string MissingProgram =>
        Spec.Argv[0].Contains('/', StringComparison.Ordinal)
            ? $"the image has no executable file '{Spec.Argv[0]}'"
            : $"the image has no executable '{Spec.Argv[0]}' in PATH {Path}";
}
