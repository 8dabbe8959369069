namespace DockerToLinux.Accounts;

/// <summary>The init an image boots with, which decides how services are enabled.</summary>
public enum InitSystem
{
    /// <summary>No /sbin/init: the app init of a later stage runs the image's command.</summary>
    None,

    /// <summary>systemd: units enabled by symlinks in /etc/systemd/system/*.wants.</summary>
    Systemd,

    /// <summary>OpenRC (Alpine): runlevel symlinks in /etc/runlevels.</summary>
    OpenRc,

    /// <summary>sysvinit or busybox init with /etc/init.d scripts and rc?.d links.</summary>
    SysV,
}
