namespace DockerToLinux.Images;

/// <summary>
/// Files of an image layout (index.json, manifest.json, blobs/sha256/…) by their path inside it, whether
/// the layout is a folder or a tar archive. Blobs are opened as streams, never loaded whole.
/// </summary>
internal interface IBlobStore : IDisposable
{
    /// <summary>The folder or archive, for messages.</summary>
    string Description { get; }

    /// <summary>The size of the file at <paramref name="path"/>, or null when there is none.</summary>
    long? GetLength(string path);

    /// <summary>Opens the file at <paramref name="path"/> for reading; it must exist.</summary>
    Stream Open(string path);

    /// <summary>
    /// Up to <paramref name="headLength"/> first and <paramref name="tailLength"/> last bytes of a file, which is
    /// what recognising a blob's format and its uncompressed size takes. The tail is empty when the file cannot
    /// be read out of order.
    /// </summary>
    Task<(byte[] Head, byte[] Tail)> ReadEndsAsync(string path, int headLength, int tailLength, CancellationToken cancellationToken) =>
        ReadEndsByOpeningAsync(this, path, headLength, tailLength, cancellationToken);

    /// <summary><see cref="ReadEndsAsync"/> done by opening the file and seeking to its tail.</summary>
    static async Task<(byte[] Head, byte[] Tail)> ReadEndsByOpeningAsync(IBlobStore store, string path, int headLength, int tailLength,
        CancellationToken cancellationToken)
    {
        await using var stream = store.Open(path);
        var head = new byte[headLength];
        int headRead = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var tail = Array.Empty<byte>();
        if (stream.CanSeek && stream.Length >= tailLength)
        {
            tail = new byte[tailLength];
            stream.Position = stream.Length - tailLength;
            int tailRead = await stream.ReadAtLeastAsync(tail, tail.Length, throwOnEndOfStream: false, cancellationToken);
            tail = tail[..tailRead];
        }
        return (head[..headRead], tail);
    }
}
