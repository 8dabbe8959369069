namespace DockerToLinux.Images;

/// <summary>One layer of an image: a (possibly compressed) tar blob that changes the filesystem.</summary>
internal abstract class ImageLayer
{
    /// <summary>Describes a layer.</summary>
    protected ImageLayer(Digest digest, long size, string mediaType, long? uncompressedSizeHint)
    {
        Digest = digest;
        Size = size;
        MediaType = mediaType;
        UncompressedSizeHint = uncompressedSizeHint;
    }

    /// <summary>The digest of the blob as stored (compressed, where it is compressed).</summary>
    public Digest Digest { get; }

    /// <summary>The blob's size in bytes as stored.</summary>
    public long Size { get; }

    /// <summary>The media type the manifest gives (or one derived from the content for docker-archive).</summary>
    public string MediaType { get; }

    /// <summary>
    /// The size of the uncompressed tar when cheaply known (gzip trailer, zstd frame header, or the blob size
    /// for a plain tar); only a hint for sizing, never trusted for parsing.
    /// </summary>
    public long? UncompressedSizeHint { get; }

    /// <summary>
    /// True when <see cref="UncompressedSizeHint"/> is a gzip trailer's ISIZE, the size modulo 4 GiB, of a blob
    /// large enough to inflate to 4 GiB or more: the true size is then the hint plus some multiple of 4 GiB,
    /// which nothing short of inflating the blob tells.
    /// </summary>
    public bool UncompressedSizeHintWraps { get; init; }

    /// <summary>
    /// The most the layer can be taken to hold uncompressed, for bounding what a build may write: the hint where
    /// it is exact; where it may have wrapped, the largest size it allows up to <paramref name="expansion"/> times
    /// the blob (and never below the hint); without a hint, that multiple of the blob.
    /// </summary>
    /// <param name="expansion">The most a layer is assumed to grow by when unpacked.</param>
    public long PlausibleMostBytes(long expansion)
    {
        long assumed = Size * expansion;
        if (UncompressedSizeHint is not { } hint)
        {
            return assumed;
        }
        return UncompressedSizeHintWraps && assumed > hint ? hint + (assumed - hint) / Compression.IsizeModulus * Compression.IsizeModulus : hint;
    }

    /// <summary>
    /// Opens the layer as an uncompressed tar stream, read once front to back. The blob's digest and size
    /// (and the config's diff_id) are checked as the bytes stream by; reading to the end throws a
    /// <see cref="D2lException"/> if they do not match.
    /// </summary>
    public abstract Task<Stream> OpenTarAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="OpenTarAsync(CancellationToken)"/>, and also reports how many bytes of the blob as
    /// stored (downloaded, for a registry) have been read, for a progress bar against <see cref="Size"/>.
    /// </summary>
    public virtual Task<Stream> OpenTarAsync(IProgress<long>? blobProgress, CancellationToken cancellationToken) =>
        OpenTarAsync(cancellationToken);
}
