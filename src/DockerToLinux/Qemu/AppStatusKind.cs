namespace DockerToLinux.Qemu;

/// <summary>The events an app VM reports.</summary>
internal enum AppStatusKind
{
    /// <summary>PID 1 started.</summary>
    Init,

    /// <summary>The app is about to be executed.</summary>
    Started,

    /// <summary>The app ended with status <see cref="AppStatus.Value"/>; power-off follows.</summary>
    Exit,
}
