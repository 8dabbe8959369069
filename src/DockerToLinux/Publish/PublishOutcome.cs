namespace DockerToLinux.Publish;

/// <summary>What publishing a containerDisk image did.</summary>
/// <param name="Image">The image's config and manifest.</param>
/// <param name="Layer">The disk layer's digests and size.</param>
/// <param name="Transfer">How the layer got there.</param>
/// <param name="BytesSent">Blob bytes sent over the network (a layer sent again after a drop counts again); 0 for a local destination.</param>
internal sealed record PublishOutcome(ContainerDiskImage Image, LayerDigests Layer, LayerTransfer Transfer, long BytesSent);
