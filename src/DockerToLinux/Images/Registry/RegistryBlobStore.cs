using System.Collections.Concurrent;

namespace DockerToLinux.Images;

/// <summary>
/// A repository's blobs seen as an <see cref="IBlobStore"/>, so that the layer and JSON code of local
/// layouts reads them too. Sizes come from the manifest's descriptors (registered before use); blobs
/// are fetched lazily, as streams, when first read, their ends through range requests.
/// </summary>
internal sealed class RegistryBlobStore(RegistryClient client) : IBlobStore
{
    private readonly ConcurrentDictionary<string, (Digest Digest, long Size)> _blobs = new(StringComparer.Ordinal);

    public string Description => client.Input;

    /// <summary>The store path of a blob, as layouts name it.</summary>
    public static string PathOf(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>Makes a blob known with the size its descriptor gives, and returns its path.</summary>
    public string Register(Digest digest, long size)
    {
        string path = PathOf(digest);
        _blobs[path] = (digest, size);
        return path;
    }

    public long? GetLength(string path) => _blobs.TryGetValue(path, out var blob) ? blob.Size : null;

    public Stream Open(string path) =>
        _blobs.TryGetValue(path, out var blob)
            ? new RegistryBlobStream(client, blob.Digest, blob.Size)
            : throw D2lException.BadInput(client.Input, $"'{path}' is not a blob of this image");

    /// <summary>The blob's first and last bytes through HTTP Range requests (<see cref="RegistryBlobEnds"/>).</summary>
    public Task<(byte[] Head, byte[] Tail)> ReadEndsAsync(string path, int headLength, int tailLength, CancellationToken cancellationToken) =>
        _blobs.TryGetValue(path, out var blob)
            ? RegistryBlobEnds.ReadAsync(client, blob.Digest, blob.Size, headLength, tailLength, cancellationToken)
            : throw D2lException.BadInput(client.Input, $"'{path}' is not a blob of this image");

    public void Dispose()
    {
    }
}
