using DockerToLinux.Publish;

namespace DockerToLinux.Pipeline;

/// <summary>What publishing a containerDisk image did.</summary>
/// <param name="Destination">Where it went, as given.</param>
/// <param name="ManifestDigest">The digest of the image's manifest.</param>
/// <param name="LayerSize">The size of the (compressed) disk layer.</param>
/// <param name="Transfer">How the layer reached the destination.</param>
/// <param name="BytesSent">Blob bytes sent to a registry, resent ones included; 0 for a local destination.</param>
public sealed record ContainerDiskResult(string Destination, string ManifestDigest, long LayerSize, LayerTransfer Transfer, long BytesSent)
{
    /// <summary>The image as a cluster pulls it, <c>HOST/REPO@sha256:…</c>, for a registry destination; null for a local one.</summary>
    public string? PinnedImage { get; init; }

    /// <summary>The KubeVirt VirtualMachine manifest written, or null when none was asked for.</summary>
    public string? ManifestPath { get; init; }
}
