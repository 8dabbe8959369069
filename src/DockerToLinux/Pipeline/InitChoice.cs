namespace DockerToLinux.Pipeline;

/// <summary>Which init a disk boots (<see cref="BuildOptions.Init"/>).</summary>
public enum InitChoice
{
    /// <summary>The image's own init when it has one (systemd, sysvinit, or busybox init with an inittab whose programs exist), else the app init.</summary>
    Auto,

    /// <summary>The image's own <c>/sbin/init</c>, whatever it is.</summary>
    Image,

    /// <summary>d2l's app init, which runs the image's Entrypoint and Cmd and powers off when it exits.</summary>
    App,
}
