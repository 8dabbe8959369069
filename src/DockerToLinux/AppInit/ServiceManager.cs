namespace DockerToLinux.AppInit;

/// <summary>The image's own init that can run the image's process as a service (<c>--service</c>).</summary>
internal enum ServiceManager
{
    /// <summary>systemd: a unit in /etc/systemd/system, enabled by a wants link.</summary>
    Systemd,

    /// <summary>OpenRC: a script in /etc/init.d, enabled by a link in the default runlevel.</summary>
    OpenRc,
}
