namespace DockerToLinux.AppInit;

/// <summary>
/// What an image's configuration says about the process it is for: the fields of the OCI config's
/// <c>config</c> object that a container runtime uses to start it. Absent fields are null; the pipeline fills
/// this from the image configuration, so this stage does not depend on how images are read.
/// </summary>
/// <param name="Entrypoint">The entrypoint, or null.</param>
/// <param name="Cmd">The default command or arguments, or null.</param>
/// <param name="Env">Environment entries as <c>NAME=value</c>, in the image's order.</param>
/// <param name="WorkingDir">The working directory, or null for the root.</param>
/// <param name="User">The user (<c>user</c>, <c>uid</c>, <c>user:group</c>…), or null for root.</param>
/// <param name="StopSignal">The signal that asks the process to stop (<c>SIGQUIT</c>, <c>3</c>…), or null for SIGTERM.</param>
internal sealed record AppConfig(
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    string? User,
    string? StopSignal);
