namespace DockerToLinux.Inspect;

/// <summary>What <c>d2l inspect</c> reports about an image. Digests are written as <c>sha256:…</c> strings.</summary>
/// <param name="Source">The image as the user named it.</param>
/// <param name="Name">The name or tag it was opened by.</param>
/// <param name="ManifestDigest">The manifest's digest (the config's for docker-archive, the file's for rootfs).</param>
/// <param name="ConfigDigest">The config blob's digest, where the format has one.</param>
/// <param name="Platform">os/architecture[/variant] from the config.</param>
/// <param name="Created">When the image was made, if recorded.</param>
/// <param name="Env">The environment, <c>NAME=value</c>.</param>
/// <param name="Entrypoint">The entrypoint, or null.</param>
/// <param name="Cmd">The command, or null.</param>
/// <param name="User">The user, or null.</param>
/// <param name="History">The build steps, oldest first.</param>
/// <param name="Layers">Each layer's sizes and changes, base first.</param>
/// <param name="Bootability">Whether d2l can make a booting disk of it, and what is missing.</param>
public sealed record ImageReport(
    string Source,
    string Name,
    string ManifestDigest,
    string? ConfigDigest,
    string Platform,
    DateTimeOffset? Created,
    IReadOnlyList<string> Env,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string>? Cmd,
    string? User,
    IReadOnlyList<Images.ImageHistoryEntry> History,
    IReadOnlyList<LayerReport> Layers,
    BootabilityVerdict Bootability);
