namespace DockerToLinux.Images;

/// <summary>What kind of local input a reference named.</summary>
internal enum LayoutKind
{
    /// <summary><c>oci-archive:</c>, a tar of an OCI layout.</summary>
    OciArchive,

    /// <summary><c>docker-archive:</c>, a <c>docker save</c> tar (read as OCI when it also has index.json).</summary>
    DockerArchive,

    /// <summary><c>oci:</c>, an OCI layout folder.</summary>
    OciDirectory,

    /// <summary>A bare path to a file: an archive recognised by what is inside.</summary>
    Archive,
}
