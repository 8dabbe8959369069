namespace DockerToLinux.AppInit;

/// <summary>
/// The process an app VM runs, resolved from the image's configuration and the overrides exactly as a container
/// runtime resolves it, before anything is looked up in the image's files.
/// </summary>
/// <param name="Argv">Entrypoint followed by Cmd; never empty. Element 0 is the program as written (a name
/// searched in PATH, or a path).</param>
/// <param name="Env">The configured environment after the overrides (<c>NAME=value</c>), without what the
/// runtime adds (PATH default, HOSTNAME, HOME).</param>
/// <param name="WorkingDir">The absolute working directory.</param>
/// <param name="User">The user specification, empty for root.</param>
/// <param name="StopSignal">The stop signal's number.</param>
internal sealed record RunSpec(
    IReadOnlyList<string> Argv,
    IReadOnlyList<string> Env,
    string WorkingDir,
    string User,
    int StopSignal);
