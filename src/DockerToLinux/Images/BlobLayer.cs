namespace DockerToLinux.Images;

/// <summary>A layer stored as a blob in an <see cref="IBlobStore"/>.</summary>
internal sealed class BlobLayer : ImageLayer
{
    private readonly IBlobStore _store;
    private readonly string _path;
    private readonly string _input;
    private readonly Digest? _blobDigest;
    private readonly Digest? _diffId;

    /// <param name="store">Where the blob is.</param>
    /// <param name="path">The blob's path in the store.</param>
    /// <param name="input">The image, for messages.</param>
    /// <param name="digest">The digest reported as the layer's.</param>
    /// <param name="blobDigest">The digest the stored bytes must have, when the format names one.</param>
    /// <param name="diffId">The digest the uncompressed tar must have (config's diff_id), when known.</param>
    /// <param name="size">The blob's size.</param>
    /// <param name="mediaType">The layer's media type.</param>
    /// <param name="uncompressedSizeHint">See <see cref="ImageLayer.UncompressedSizeHint"/>.</param>
    public BlobLayer(IBlobStore store, string path, string input, Digest digest, Digest? blobDigest, Digest? diffId,
        long size, string mediaType, long? uncompressedSizeHint)
        : base(digest, size, mediaType, uncompressedSizeHint)
    {
        _store = store;
        _path = path;
        _input = input;
        _blobDigest = blobDigest;
        _diffId = diffId;
    }

    /// <summary>Reads a blob's head and tail to learn its compression and its uncompressed size hint.</summary>
    public static async Task<(CompressionKind Kind, long? Hint)> ProbeAsync(IBlobStore store, string path, long size,
        CancellationToken cancellationToken)
    {
        await using var stream = store.Open(path);
        var head = new byte[32];
        int headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var tail = new byte[4];
        int tailLength = 0;
        if (size >= 4 && stream.CanSeek)
        {
            stream.Position = size - 4;
            tailLength = await stream.ReadAtLeastAsync(tail, 4, throwOnEndOfStream: false, cancellationToken);
        }
        var kind = Compression.Detect(head.AsSpan(0, headLength));
        return (kind, Compression.UncompressedSizeHint(kind, head.AsSpan(0, headLength), tail.AsSpan(0, tailLength), size));
    }

    public override Task<Stream> OpenTarAsync(CancellationToken cancellationToken) => OpenTarAsync(null, cancellationToken);

    public override async Task<Stream> OpenTarAsync(IProgress<long>? blobProgress, CancellationToken cancellationToken)
    {
        string layer = $"layer {Digest}";
        var raw = _store.Open(_path);
        if (blobProgress is not null)
        {
            raw = new ProgressReportingStream(raw, blobProgress);
        }
        // Without a blob digest (docker-archive's legacy names) the diff_id check below covers the content.
        var verified = new VerifyingStream(raw, _blobDigest ?? Digest, _blobDigest is null ? null : Size, _input, layer);
        // Reading and hashing the blob run on the read-ahead's thread, beside the decompressor.
        var blob = new ReadAheadStream(verified);
        try
        {
            var head = new byte[Compression.MagicLength];
            int headLength = await blob.PeekAsync(head, cancellationToken);
            var kind = Compression.Detect(head.AsSpan(0, headLength));
            // The decompressor gets the read-ahead itself (ISA-L reads its chunks in place); disposing it twice,
            // once by the decompressor and once by the layer, is harmless.
            Stream tar = Compression.Decompress(blob, kind);
            // The verified blob digest fixes every decompressed byte, so the diff_id is not hashed again: that
            // would double a build's hashing for no added integrity. Legacy docker-archive layers, which have no
            // blob digest, are plain tars verified against their diff_id above.
            return new LayerTarStream(tar, blob, verified, _input, layer);
        }
        catch
        {
            await blob.DisposeAsync();
            throw;
        }
    }
}
