using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>The two small files of an OCI image layout: <c>oci-layout</c> and <c>index.json</c>.</summary>
internal static class OciLayoutFiles
{
    /// <summary>The <c>oci-layout</c> file.</summary>
    public static byte[] LayoutMarker { get; } = "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray();

    /// <summary>An <c>index.json</c> naming the one manifest under <paramref name="referenceName"/>.</summary>
    public static byte[] Index(ContainerDiskImage image, string referenceName) => ContainerDiskImage.Json(writer =>
    {
        writer.WriteNumber("schemaVersion", 2);
        writer.WriteString("mediaType", MediaTypes.OciIndex);
        writer.WriteStartArray("manifests");
        writer.WriteStartObject();
        ContainerDiskImage.Descriptor(writer, ContainerDiskImage.ManifestMediaType, image.ManifestDigest, image.Manifest.Length);
        writer.WriteStartObject("annotations");
        writer.WriteString("org.opencontainers.image.ref.name", referenceName);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    /// <summary>The path of a blob inside a layout, <c>blobs/sha256/HEX</c>.</summary>
    public static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";
}
