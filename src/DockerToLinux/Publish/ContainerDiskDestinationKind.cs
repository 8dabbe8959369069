namespace DockerToLinux.Publish;

/// <summary>The kinds of containerDisk destination.</summary>
internal enum ContainerDiskDestinationKind
{
    /// <summary>A registry, over the Distribution API.</summary>
    Registry,

    /// <summary>An OCI image layout folder.</summary>
    OciLayout,

    /// <summary>An OCI image layout in one tar file.</summary>
    OciArchive,
}
