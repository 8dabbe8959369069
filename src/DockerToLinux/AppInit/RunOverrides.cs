namespace DockerToLinux.AppInit;

/// <summary>
/// The choices <c>docker run</c> lets its caller make over the image's configuration, with the same meaning.
/// A null member keeps the image's value.
/// </summary>
/// <param name="Entrypoint">Replaces the entrypoint (an empty list removes it) and drops the image's Cmd,
/// as <c>--entrypoint</c> does.</param>
/// <param name="Cmd">Replaces Cmd (the arguments after the image name).</param>
/// <param name="Env">Entries <c>NAME=value</c> that replace the image's entry of that name or are added after them.</param>
/// <param name="WorkingDir">Replaces the working directory; must be absolute.</param>
/// <param name="RunAs">Replaces the user (<c>USER[:GROUP]</c>, names or numbers).</param>
public sealed record RunOverrides(
    IReadOnlyList<string>? Entrypoint = null,
    IReadOnlyList<string>? Cmd = null,
    IReadOnlyList<string>? Env = null,
    string? WorkingDir = null,
    string? RunAs = null)
{
    /// <summary>No overrides: the image's configuration as it is.</summary>
    public static RunOverrides None { get; } = new();
}
