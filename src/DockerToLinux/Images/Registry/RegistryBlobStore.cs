using System.Collections.Concurrent;

namespace DockerToLinux.Images;

/// <summary>
/// A repository's blobs seen as an <see cref="IBlobStore"/>, so that the layer and JSON code of local
/// layouts reads them too. Sizes come from the manifest's descriptors (registered before use); blobs
/// are fetched lazily, as streams, when first read, their ends through range requests. A blob whose ends the
/// registry will not give by range is downloaded whole into a private temporary file before the build (see
/// <see cref="ReadEndsAsync"/>), read from there, and the file deleted with the store.
/// </summary>
internal sealed class RegistryBlobStore(RegistryClient client) : IBlobStore
{
    private readonly ConcurrentDictionary<string, (Digest Digest, long Size)> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _spools = new(StringComparer.Ordinal);

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

    public Stream Open(string path)
    {
        var blob = Find(path);
        return _spools.TryGetValue(path, out string? spool)
            ? new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : new RegistryBlobStream(client, blob.Digest, blob.Size);
    }

    /// <summary>
    /// The blob's first and last bytes through HTTP Range requests (<see cref="RegistryBlobEnds"/>). Where the
    /// registry refuses them, the blob is downloaded into a temporary file and its ends read from there: the size
    /// a gzip trailer gives decides where every layer's blocks go, so a pull without it would give another disk
    /// than the image's archive and than a registry that honours ranges.
    /// </summary>
    public async Task<(byte[] Head, byte[] Tail)> ReadEndsAsync(string path, int headLength, int tailLength, CancellationToken cancellationToken)
    {
        var blob = Find(path);
        if (!_spools.ContainsKey(path)
            && await RegistryBlobEnds.ReadAsync(client, blob.Digest, blob.Size, headLength, tailLength, cancellationToken).ConfigureAwait(false)
                is { } ends)
        {
            return ends;
        }
        await SpoolAsync(path, blob.Digest, blob.Size, cancellationToken).ConfigureAwait(false);
        return await IBlobStore.ReadEndsByOpeningAsync(this, path, headLength, tailLength, cancellationToken).ConfigureAwait(false);
    }

    // The blob checked against its digest and size as it is written, so that the ends read from the file are
    // the blob's own.
    private async Task SpoolAsync(string path, Digest digest, long size, CancellationToken cancellationToken)
    {
        if (_spools.ContainsKey(path))
        {
            return;
        }
        string spool = Path.Combine(Path.GetTempPath(), $"d2l-blob-{Guid.NewGuid():N}");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            // A layer may hold the image's secrets; only this user reads the spool.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            await using (var download = new VerifyingStream(new RegistryBlobStream(client, digest, size), digest, size, client.Input, $"blob {digest}"))
            await using (var file = new FileStream(spool, fileOptions))
            {
                await download.CopyToAsync(file, Units.MiB, cancellationToken).ConfigureAwait(false);
            }
            if (!_spools.TryAdd(path, spool))
            {
                // The same blob was a layer twice and has been kept already.
                File.Delete(spool);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            File.Delete(spool);
            throw D2lException.BadInput(client.Input, $"blob {digest}: cannot keep it in {Path.GetTempPath()} ({error.Message})", error);
        }
        catch
        {
            File.Delete(spool);
            throw;
        }
    }

    private (Digest Digest, long Size) Find(string path) =>
        _blobs.TryGetValue(path, out var blob) ? blob : throw D2lException.BadInput(client.Input, $"'{path}' is not a blob of this image");

    public void Dispose()
    {
        foreach (string spool in _spools.Values)
        {
            File.Delete(spool);
        }
        _spools.Clear();
    }
}
