using System.Text.RegularExpressions;
using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>
/// Where a containerDisk image goes: <c>docker://HOST/REPO:TAG</c> (a registry), <c>oci:DIR[:REF]</c> (an OCI
/// layout folder) or <c>oci-archive:FILE[:REF]</c> (the same folder as one tar file).
/// </summary>
/// <param name="Text">The destination as the user wrote it, for messages.</param>
/// <param name="Kind">Which of the three.</param>
/// <param name="Path">The folder or file of a local destination; null for a registry.</param>
/// <param name="ReferenceName">The tag (registry) or <c>org.opencontainers.image.ref.name</c> (local).</param>
/// <param name="Registry">The registry reference; null for a local destination.</param>
internal sealed partial record ContainerDiskDestination(string Text, ContainerDiskDestinationKind Kind, string? Path, string ReferenceName,
    RegistryReference? Registry)
{
    /// <summary>The prefixes a destination starts with, for messages.</summary>
    public const string Forms = "docker://HOST/REPO:TAG, oci:DIR[:REF] or oci-archive:FILE[:REF]";

    /// <summary>Whether <paramref name="text"/> names a containerDisk destination rather than a disk file.</summary>
    public static bool IsDestination(string text) =>
        text.StartsWith("docker://", StringComparison.Ordinal) || text.StartsWith("oci:", StringComparison.Ordinal)
        || text.StartsWith("oci-archive:", StringComparison.Ordinal);

    /// <summary>Parses a destination.</summary>
    /// <exception cref="D2lException">Not one of the three forms, or a malformed reference.</exception>
    public static ContainerDiskDestination Parse(string text)
    {
        if (text.StartsWith("docker://", StringComparison.Ordinal))
        {
            var reference = RegistryReference.Parse(text["docker://".Length..]);
            if (reference.Digest is not null)
            {
                throw D2lException.BadInput(text, "a pushed image is named by a tag, not a digest");
            }
            return new ContainerDiskDestination(text, ContainerDiskDestinationKind.Registry, null, reference.Tag ?? "latest", reference);
        }
        foreach (var (prefix, kind) in new[] { ("oci:", ContainerDiskDestinationKind.OciLayout), ("oci-archive:", ContainerDiskDestinationKind.OciArchive) })
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                string rest = text[prefix.Length..];
                int colon = rest.LastIndexOf(':');
                bool hasReference = colon > 0 && ReferencePattern().IsMatch(rest[(colon + 1)..]);
                string path = hasReference ? rest[..colon] : rest;
                return path.Length > 0
                    ? new ContainerDiskDestination(text, kind, path, hasReference ? rest[(colon + 1)..] : "latest", null)
                    : throw D2lException.BadInput(text, $"names no {(kind == ContainerDiskDestinationKind.OciLayout ? "folder" : "file")}");
            }
        }
        throw D2lException.BadInput(text, $"a containerDisk goes to {Forms}");
    }

    /// <summary>
    /// The image as a cluster pulls it, <c>HOST/REPO@DIGEST</c>, for a registry destination (Docker Hub as
    /// <c>docker.io</c>, the name runtimes know it by); null for a local one.
    /// </summary>
    public string? PinnedImage(string manifestDigest) => Registry is { } registry
        ? $"{(registry.Host == RegistryReference.DockerHubHost ? "docker.io" : registry.Host)}/{registry.Repository}@{manifestDigest}"
        : null;

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ReferencePattern();
}
