namespace DockerToLinux.Images;

/// <summary>A layer stored as a blob in an <see cref="IBlobStore"/>.</summary>
internal sealed class BlobLayer : ImageLayer
{
    private readonly IBlobStore _store;
    private readonly string _path;
    private readonly string _input;
    private readonly Digest? _blobDigest;
    private readonly Digest? _tarDigest;

    /// <param name="store">Where the blob is.</param>
    /// <param name="path">The blob's path in the store.</param>
    /// <param name="input">The image, for messages.</param>
    /// <param name="digest">The digest reported as the layer's.</param>
    /// <param name="blobDigest">The digest the stored bytes must have, when the format names one.</param>
    /// <param name="tarDigest">
    /// The digest the uncompressed tar must have (the config's diff_id), checked as it streams; null where the
    /// blob digest already fixes every decompressed byte.
    /// </param>
    /// <param name="size">The blob's size.</param>
    /// <param name="mediaType">The layer's media type.</param>
    /// <param name="uncompressedSizeHint">See <see cref="ImageLayer.UncompressedSizeHint"/>.</param>
    public BlobLayer(IBlobStore store, string path, string input, Digest digest, Digest? blobDigest, Digest? tarDigest,
        long size, string mediaType, long? uncompressedSizeHint)
        : base(digest, size, mediaType, uncompressedSizeHint)
    {
        _store = store;
        _path = path;
        _input = input;
        _blobDigest = blobDigest;
        _tarDigest = tarDigest;
    }

    /// <summary>
    /// Reads a blob's head and tail to learn its compression and its uncompressed size hint, and refuses a
    /// blob that is neither compressed nor a tar (a squashfs layer, say) before anything is built from it.
    /// </summary>
    public static async Task<(CompressionKind Kind, long? Hint)> ProbeAsync(IBlobStore store, string path, long size,
        string input, string what, CancellationToken cancellationToken)
    {
        var (head, tail) = await store.ReadEndsAsync(path, TarHeader.Size, 4, cancellationToken);
        var kind = Compression.Detect(head);
        if (kind == CompressionKind.None && TarHeader.NotATar(head) is { } found)
        {
            throw D2lException.BadInput(input, $"{what} is not a tar archive ({found})");
        }
        return (kind, Compression.UncompressedSizeHint(kind, head, tail, size));
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
        var verified = new VerifyingStream(raw, _blobDigest, _blobDigest is null ? null : Size, _input, layer);
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
            // A verified blob digest fixes every decompressed byte, so the diff_id is hashed only where nothing
            // else fixes the content: docker-archive layers named without a digest (go-containerregistry's
            // "<hex>.tar.gz"), whose diff_id Docker too checks on the uncompressed stream.
            if (_tarDigest is not null)
            {
                tar = new VerifyingStream(tar, _tarDigest, null, _input, $"{layer} diff_id");
            }
            return new LayerTarStream(tar, blob, verified, _input, layer);
        }
        catch (InvalidDataException error)
        {
            await blob.DisposeAsync();
            throw D2lException.BadInput(_input, $"{layer} cannot be decompressed ({error.Message})", error);
        }
        catch
        {
            await blob.DisposeAsync();
            throw;
        }
    }
}
