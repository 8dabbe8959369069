using DockerToLinux.AppInit;
using DockerToLinux.Images;

namespace DockerToLinux.Pipeline;

/// <summary>
/// The process an image is for, as the build's options change it: the image configuration's runtime fields
/// and <see cref="BuildOptions.Run"/>, combined as <c>docker run</c> combines them. Both the app init and a
/// service of the image's own init start this process.
/// </summary>
internal static class ImageRunSpec
{
    /// <summary>The run specification of <paramref name="config"/> under <paramref name="options"/>.</summary>
    /// <exception cref="D2lException">No command, a relative working directory, a malformed environment entry, an
    /// unknown stop signal or a negative stop timeout.</exception>
    public static RunSpec Resolve(ImageConfig config, BuildOptions options)
    {
        _ = StopTimeoutSeconds(options);
        var app = new AppConfig(config.Entrypoint, config.Cmd, config.Env, config.WorkingDir, config.User, config.StopSignal);
        return RunSpecResolver.Resolve(app, options.Run);
    }

    /// <summary>The stop timeout in seconds: the option's, or Docker's default.</summary>
    /// <exception cref="D2lException">A negative timeout.</exception>
    public static int StopTimeoutSeconds(BuildOptions options) => options.StopTimeoutSeconds switch
    {
        null => AppLaunch.DefaultStopTimeoutSeconds,
        >= 0 and var seconds => seconds,
        var seconds => throw D2lException.BadSetting(Setting.StopTimeout, $"{seconds} is not a number of seconds (0 or more)"),
    };
}
