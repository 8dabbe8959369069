namespace DockerToLinux.Images;

/// <summary>The media types of image indexes, manifests, configs and layers that d2l understands.</summary>
internal static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerTar = "application/vnd.oci.image.layer.v1.tar";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>True for index / manifest-list types.</summary>
    public static bool IsIndex(string? type) => type is OciIndex or DockerList;

    /// <summary>True for image manifest types.</summary>
    public static bool IsManifest(string? type) => type is OciManifest or DockerManifest;

    /// <summary>True for schema1 manifests, which d2l refuses.</summary>
    public static bool IsSchema1(string? type) =>
        type is "application/vnd.docker.distribution.manifest.v1+json" or "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>True for config types of container images (not artifacts such as Helm charts).</summary>
    public static bool IsImageConfig(string? type) => type is OciConfig or DockerConfig;

    /// <summary>
    /// True for layer types that are tar archives, compressed or not; the compression itself is detected
    /// from the bytes, never from the name.
    /// </summary>
    public static bool IsLayer(string type) =>
        type is DockerLayerTar or DockerLayerGzip or DockerForeignLayer
        || type.StartsWith(OciLayerTar, StringComparison.Ordinal)
        || type.StartsWith("application/vnd.oci.image.layer.nondistributable.v1.tar", StringComparison.Ordinal);
}
