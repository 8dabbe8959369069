using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DockerToLinux.Tests.Images;

/// <summary>A layer for <see cref="OciLayoutWriter"/>: the uncompressed tar and the blob as stored.</summary>
public sealed record TestBlobLayer(byte[] Tar, byte[] Blob, string MediaType);

/// <summary>Writes OCI layout folders by hand (index, manifest, config with correct diff_ids) for tests.</summary>
public static class OciLayoutWriter
{
    public const string Ref = "test";

    public static TestBlobLayer Plain(byte[] tar) => new(tar, tar, "application/vnd.oci.image.layer.v1.tar");

    public static TestBlobLayer Gzip(byte[] tar) => new(tar, DockerToLinux.Tests.RootFs.LayerCompressor.Gzip(tar), "application/vnd.oci.image.layer.v1.tar+gzip");

    public static TestBlobLayer Zstd(byte[] tar) => new(tar, DockerToLinux.Tests.RootFs.LayerCompressor.Zstd(tar), "application/vnd.oci.image.layer.v1.tar+zstd");

    public static string Sha(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Writes a blob and returns its descriptor.</summary>
    public static JsonObject WriteBlob(string layout, byte[] data, string mediaType)
    {
        string digest = Sha(data);
        Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));
        File.WriteAllBytes(Path.Combine(layout, "blobs", "sha256", digest[7..]), data);
        return new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = data.Length };
    }

    public static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>The config JSON of a linux/amd64 image with the given layers.</summary>
    public static JsonObject Config(IEnumerable<TestBlobLayer> layers, string architecture = "amd64", bool withCmd = true) => new()
    {
        ["created"] = "2024-01-02T03:04:05Z",
        ["architecture"] = architecture,
        ["os"] = "linux",
        ["config"] = new JsonObject
        {
            ["Env"] = new JsonArray("PATH=/usr/bin:/bin", "GREETING=hello"),
            ["Cmd"] = withCmd ? new JsonArray("/bin/sh", "-c", "echo hi") : null,
            ["WorkingDir"] = "/srv",
            ["User"] = "1000:1000",
        },
        ["rootfs"] = new JsonObject
        {
            ["type"] = "layers",
            ["diff_ids"] = new JsonArray(layers.Select(layer => (JsonNode)Sha(layer.Tar)).ToArray()),
        },
        ["history"] = new JsonArray(
            new JsonObject { ["created_by"] = "test layers", ["created"] = "2024-01-02T03:04:05Z" },
            new JsonObject { ["created_by"] = "CMD", ["empty_layer"] = true }),
    };

    /// <summary>Writes config and manifest blobs and returns the manifest descriptor.</summary>
    public static JsonObject WriteImage(string layout, IReadOnlyList<TestBlobLayer> layers, string architecture = "amd64", bool withCmd = true)
    {
        var config = WriteBlob(layout, Json(Config(layers, architecture, withCmd)), "application/vnd.oci.image.config.v1+json");
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = config,
            ["layers"] = new JsonArray(layers.Select(layer => (JsonNode)WriteBlob(layout, layer.Blob, layer.MediaType)).ToArray()),
        };
        return WriteBlob(layout, Json(manifest), "application/vnd.oci.image.manifest.v1+json");
    }

    /// <summary>Writes oci-layout and an index.json naming the given manifests.</summary>
    public static void WriteIndex(string layout, params JsonObject[] manifests)
    {
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray(manifests.Select(m => (JsonNode)JsonNode.Parse(m.ToJsonString())!).ToArray()),
        };
        File.WriteAllBytes(Path.Combine(layout, "index.json"), Json(index));
    }

    /// <summary>A whole single-image layout whose index names the image <see cref="Ref"/>.</summary>
    public static string WriteLayout(string layout, IReadOnlyList<TestBlobLayer> layers, bool withCmd = true)
    {
        Directory.CreateDirectory(layout);
        var manifest = WriteImage(layout, layers, withCmd: withCmd);
        manifest["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = Ref };
        WriteIndex(layout, manifest);
        return manifest["digest"]!.GetValue<string>();
    }
}
