using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>
/// The config and manifest of a containerDisk image, as the exact bytes that are stored: an OCI image with
/// no base (scratch), the source image's platform, the one disk layer, and annotations naming the source
/// image's digest and the d2l version that wrote it. Written with a fixed field order and no whitespace, so the
/// same inputs give the same digests.
/// </summary>
internal sealed class ContainerDiskImage
{
    /// <summary>Annotation with the digest of the image the disk was built from.</summary>
    public const string SourceDigestAnnotation = "io.d2l.source.digest";

    /// <summary>Annotation with the d2l version that wrote the image.</summary>
    public const string VersionAnnotation = "io.d2l.version";

    private ContainerDiskImage(byte[] config, byte[] manifest)
    {
        Config = config;
        ConfigDigest = Digest.Sha256Of(config);
        Manifest = manifest;
        ManifestDigest = Digest.Sha256Of(manifest);
    }

    /// <summary>The config JSON.</summary>
    public byte[] Config { get; }

    /// <summary>The config's digest.</summary>
    public Digest ConfigDigest { get; }

    /// <summary>The manifest JSON.</summary>
    public byte[] Manifest { get; }

    /// <summary>The manifest's digest, which names the pushed image.</summary>
    public Digest ManifestDigest { get; }

    /// <summary>The media type of <see cref="Manifest"/>.</summary>
    public static string ManifestMediaType => MediaTypes.OciManifest;

    /// <summary>The d2l version recorded in the annotations.</summary>
    public static string D2lVersion =>
        typeof(ContainerDiskImage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The image for a layer.</summary>
    /// <param name="layer">The written layer.</param>
    /// <param name="layerMediaType">Its media type.</param>
    /// <param name="platform">The source image's platform.</param>
    /// <param name="sourceDigest">The source image's manifest digest, when the disk was built from an image.</param>
    /// <param name="created">The creation time recorded (SOURCE_DATE_EPOCH when set).</param>
    public static ContainerDiskImage Create(LayerDigests layer, string layerMediaType, Platform platform, string? sourceDigest,
        DateTimeOffset created)
    {
        string createdText = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        byte[] config = Json(writer =>
        {
            writer.WriteString("created", createdText);
            writer.WriteString("architecture", platform.Architecture);
            if (platform.Variant is not null)
            {
                writer.WriteString("variant", platform.Variant);
            }
            writer.WriteString("os", platform.Os);
            writer.WriteStartObject("config");
            writer.WriteEndObject();
            writer.WriteStartObject("rootfs");
            writer.WriteString("type", "layers");
            writer.WriteStartArray("diff_ids");
            writer.WriteStringValue(layer.DiffId.ToString());
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray("history");
            writer.WriteStartObject();
            writer.WriteString("created", createdText);
            writer.WriteString("created_by", "d2l containerdisk");
            writer.WriteEndObject();
            writer.WriteEndArray();
        });
        byte[] manifest = Json(writer =>
        {
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.OciManifest);
            writer.WriteStartObject("config");
            Descriptor(writer, MediaTypes.OciConfig, Digest.Sha256Of(config), config.Length);
            writer.WriteEndObject();
            writer.WriteStartArray("layers");
            writer.WriteStartObject();
            Descriptor(writer, layerMediaType, layer.Digest, layer.Size);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("annotations");
            writer.WriteString("org.opencontainers.image.created", createdText);
            if (sourceDigest is not null)
            {
                writer.WriteString(SourceDigestAnnotation, sourceDigest);
            }
            writer.WriteString(VersionAnnotation, D2lVersion);
            writer.WriteEndObject();
        });
        return new ContainerDiskImage(config, manifest);
    }

    /// <summary>Writes the fields of a descriptor into the open object.</summary>
    public static void Descriptor(Utf8JsonWriter writer, string mediaType, Digest digest, long size)
    {
        writer.WriteString("mediaType", mediaType);
        writer.WriteString("digest", digest.ToString());
        writer.WriteNumber("size", size);
    }

    /// <summary>One JSON object, its fields written by <paramref name="fields"/>.</summary>
    public static byte[] Json(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        // The relaxed encoder writes "+" in media types as itself rather than \u002B, as other tools do.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
