using DockerToLinux.Images;
using DockerToLinux.KubeVirt;
using DockerToLinux.Publish;

namespace DockerToLinux.Pipeline;

/// <summary>How a disk becomes a KubeVirt containerDisk image, and where the image goes.</summary>
/// <param name="Destination"><c>docker://HOST/REPO:TAG</c>, <c>oci:DIR[:REF]</c> or <c>oci-archive:FILE[:REF]</c>.</param>
public sealed record ContainerDiskOptions(string Destination)
{
    /// <summary>True to hold the disk as raw <c>disk/disk.img</c>; false (the default) for <c>disk/disk.qcow2</c>.</summary>
    public bool Raw { get; init; }

    /// <summary>How the layer is compressed (gzip unless told).</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>Credentials, TLS and retry choices for a registry destination.</summary>
    public ImageSourceOptions Registry { get; init; } = new();

    /// <summary>Replace a local destination that exists.</summary>
    public bool Force { get; init; }

    /// <summary>SOURCE_DATE_EPOCH: with it, the same disk gives the same image bytes; without it, the time is now.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>
    /// Where to write a KubeVirt VirtualMachine manifest that boots the pushed image, or null for none; only for a
    /// registry destination, since a cluster pulls its disks from one. Written when the push is complete.
    /// </summary>
    public string? ManifestPath { get; init; }

    /// <summary>The VirtualMachine's name, memory, CPUs and cloud-init users, for <see cref="ManifestPath"/>.</summary>
    public VirtualMachineSettings VirtualMachine { get; init; } = new();

    /// <summary>Whether a destination is a containerDisk one rather than a disk file.</summary>
    public static bool IsDestination(string text) => ContainerDiskDestination.IsDestination(text);
}
