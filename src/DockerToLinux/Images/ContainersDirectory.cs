using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// A containers/image <c>dir:</c> folder, what <c>skopeo copy … dir:DIR</c> and <c>podman save --format
/// docker-dir</c> write: the image's manifest as manifest.json (the index, with <c>--all</c>, and each
/// instance's manifest as &lt;hex&gt;.manifest.json), every other blob under its hex digest beside it, and a
/// version file. It is read as an OCI layout whose index would list manifest.json alone.
/// </summary>
internal static class ContainersDirectory
{
    private const string VersionPrefix = "Directory Transport Version:";

    /// <summary>True when <paramref name="folder"/> has the version file and manifest.json of a dir: folder.</summary>
    public static bool Holds(IBlobStore folder)
    {
        if (folder.GetLength("manifest.json") is null || folder.GetLength("version") is not (> 0 and < 256))
        {
            return false;
        }
        using var reader = new StreamReader(folder.Open("version"), Encoding.UTF8);
        return reader.ReadToEnd().StartsWith(VersionPrefix, StringComparison.Ordinal);
    }

    /// <summary>Opens the image (for an index, the platform <paramref name="options"/> asks for).</summary>
    public static async Task<ContainerImage> ReadAsync(IBlobStore folder, string description, ImageSourceOptions options,
        CancellationToken cancellationToken)
    {
        long length = folder.GetLength("manifest.json") ?? 0;
        string digest;
        await using (var manifest = folder.Open("manifest.json"))
        {
            digest = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(manifest, cancellationToken));
        }
        using var descriptor = JsonDocument.Parse($"{{\"digest\":\"{digest}\",\"size\":{length}}}");
        var store = new ContainersDirectoryStore(folder, digest[7..]);
        return await new OciLayoutReader(store, description, options).ReadDescriptorAsync(descriptor.RootElement, description, cancellationToken);
    }

    // Serves an OCI layout's blob paths (blobs/sha256/<hex>) from where a dir: folder keeps them.
    private sealed class ContainersDirectoryStore(IBlobStore folder, string manifestHex) : IBlobStore
    {
        private const string BlobPrefix = "blobs/sha256/";

        public string Description => folder.Description;

        public long? GetLength(string path) => folder.GetLength(Map(path));

        public Stream Open(string path) => folder.Open(Map(path));

        public Task<(byte[] Head, byte[] Tail)> ReadEndsAsync(string path, int headLength, int tailLength, CancellationToken cancellationToken) =>
            folder.ReadEndsAsync(Map(path), headLength, tailLength, cancellationToken);

        private string Map(string path)
        {
            if (!path.StartsWith(BlobPrefix, StringComparison.Ordinal))
            {
                return path;
            }
            string hex = path[BlobPrefix.Length..];
            return hex == manifestHex ? "manifest.json"
                : folder.GetLength($"{hex}.manifest.json") is not null ? $"{hex}.manifest.json"
                : hex;
        }

        // The folder belongs to the image source, which disposes it when the image's layers are done.
        public void Dispose()
        {
        }
    }
}
