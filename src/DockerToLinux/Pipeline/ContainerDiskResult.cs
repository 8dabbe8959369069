using DockerToLinux.Publish;

namespace DockerToLinux.Pipeline;

/// <summary>What publishing a containerDisk image did.</summary>
/// <param name="Destination">Where it went, as given.</param>
/// <param name="ManifestDigest">The digest of the image's manifest.</param>
/// <param name="LayerSize">The size of the (compressed) disk layer.</param>
/// <param name="Transfer">How the layer reached the destination.</param>
/// <param name="BytesSent">Blob bytes sent to a registry, resent ones included; 0 for a local destination.</param>
public sealed record ContainerDiskResult(string Destination, string ManifestDigest, long LayerSize, LayerTransfer Transfer, long BytesSent);
