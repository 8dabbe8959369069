namespace DockerToLinux.Images;

/// <summary>
/// The parts of an image configuration (OCI <c>config.json</c> or Docker's equivalent) that d2l uses.
/// Lists are never null; absent strings are null.
/// </summary>
/// <param name="Os">The <c>os</c> field, for example "linux".</param>
/// <param name="Architecture">The <c>architecture</c> field, for example "amd64".</param>
/// <param name="Variant">The <c>variant</c> field (for example "v8"), if any.</param>
/// <param name="Env">Environment as <c>NAME=value</c> strings.</param>
/// <param name="Entrypoint">The entrypoint, or null when the image sets none.</param>
/// <param name="Cmd">The default command or arguments, or null.</param>
/// <param name="User">The user to run as (<c>user</c>, <c>uid</c>, <c>user:group</c>…), or null.</param>
/// <param name="WorkingDir">The working directory, or null.</param>
/// <param name="StopSignal">The signal that asks the process to stop (<c>SIGQUIT</c>, <c>3</c>…), or null.</param>
/// <param name="Created">When the image was created, if recorded.</param>
/// <param name="History">The build steps, oldest first.</param>
/// <param name="DiffIds">The sha256 of each uncompressed layer tar, base layer first.</param>
internal sealed record ImageConfig(
    string Os,
    string Architecture,
    string? Variant,
    IReadOnlyList<string> Env,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    string? User,
    string? WorkingDir,
    string? StopSignal,
    DateTimeOffset? Created,
    IReadOnlyList<ImageHistoryEntry> History,
    IReadOnlyList<Digest> DiffIds);
