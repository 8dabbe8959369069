namespace DockerToLinux.AppInit;

/// <summary>
/// Everything decided at build time about the app VM's process and its init: the resolved run specification,
/// the identity, the file to execute and the settings of PID 1.
/// </summary>
/// <param name="Spec">The process as configured.</param>
/// <param name="User">The identity resolved against the image's account files.</param>
/// <param name="Executable">The absolute path that argv[0] resolved to in the image.</param>
/// <param name="Hostname">The VM's host name (also the app's HOSTNAME).</param>
/// <param name="StopTimeoutSeconds">How long the app has after the stop signal before SIGKILL.</param>
/// <param name="TmpfsOnRun">Whether <c>/run</c> gets a tmpfs (the image's is empty).</param>
/// <param name="TmpfsOnTmp">Whether <c>/tmp</c> gets a tmpfs (the image's is empty).</param>
/// <param name="ControlPort">The device the host's stop request arrives on.</param>
/// <param name="StatusPort">The device the status lines go to.</param>
/// <param name="ConsoleInput">Whether the app reads the console (as <c>docker run -i</c>) rather than <c>/dev/null</c>.</param>
internal sealed record AppLaunch(
    RunSpec Spec,
    RunAsUser User,
    string Executable,
    string Hostname,
    int StopTimeoutSeconds,
    bool TmpfsOnRun,
    bool TmpfsOnTmp,
    string ControlPort = AppLaunch.SecondSerialPort,
    string StatusPort = AppLaunch.SecondSerialPort,
    bool ConsoleInput = false)
{
    /// <summary>
    /// The second 16550 UART, the app VM's control and status channel: the 8250 driver is built into every
    /// distribution kernel, so it needs no module and no udev, and the first port stays the app's console.
    /// </summary>
    public const string SecondSerialPort = "/dev/ttyS1";

    /// <summary>The stop timeout a container runtime uses when none is given.</summary>
    public const int DefaultStopTimeoutSeconds = 10;
}
