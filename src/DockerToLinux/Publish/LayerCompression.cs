namespace DockerToLinux.Publish;

/// <summary>How the layer of a containerDisk image is compressed.</summary>
public enum LayerCompression
{
    /// <summary>gzip, which every registry and runtime reads.</summary>
    Gzip,

    /// <summary>zstd: faster to write and to read, for runtimes that take <c>tar+zstd</c> layers.</summary>
    Zstd,

    /// <summary>A plain tar: the registry stores the disk's size.</summary>
    None,
}
