using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>A disk file to publish as a containerDisk image, and where.</summary>
/// <param name="DiskPath">The disk file, already qcow2 or raw as <paramref name="Raw"/> says.</param>
/// <param name="Raw">True for <c>disk/disk.img</c> (raw), false for <c>disk/disk.qcow2</c>.</param>
/// <param name="Compression">How the layer is compressed.</param>
/// <param name="Destination">Where the image goes.</param>
/// <param name="Platform">The platform the image declares.</param>
/// <param name="SourceDigest">The digest of the image the disk was built from, when there is one.</param>
/// <param name="Created">The time recorded in the layer, config and annotations.</param>
/// <param name="Registry">Credentials, TLS and retry choices for a registry.</param>
/// <param name="Force">Replace a local destination that exists.</param>
/// <param name="PushedBlobsPath">The file that remembers where blobs were pushed (see <see cref="PushedBlobs"/>).</param>
internal sealed record ContainerDiskRequest(string DiskPath, bool Raw, LayerCompression Compression, ContainerDiskDestination Destination,
    Platform Platform, string? SourceDigest, DateTimeOffset Created, ImageSourceOptions Registry, bool Force, string PushedBlobsPath);
