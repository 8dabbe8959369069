namespace DockerToLinux.Qemu;

/// <summary>The events an app VM reports.</summary>
internal enum AppStatusKind
{
    /// <summary>PID 1 started.</summary>
    Init,

    /// <summary>The app is about to be executed.</summary>
    Started,

    /// <summary>The console's echo is off and the app reads the console from now on (a disk built for <c>d2l run -i</c>).</summary>
    Input,

    /// <summary>The app ended with status <see cref="AppStatus.Value"/>; power-off follows.</summary>
    Exit,
}
