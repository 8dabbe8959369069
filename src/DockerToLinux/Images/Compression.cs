using System.Buffers.Binary;
using DockerToLinux.Images.Isal;
using DockerToLinux.Images.Zlib;

namespace DockerToLinux.Images;

/// <summary>How a blob is compressed, recognised by its first bytes (never by its media type).</summary>
internal enum CompressionKind
{
    None,
    Gzip,
    Zstd,
    Xz,
    Bzip2,
}

/// <summary>Detects a blob's compression, opens a decompressor, and estimates the uncompressed size.</summary>
internal static class Compression
{
    /// <summary>How many leading bytes <see cref="Detect"/> wants.</summary>
    public const int MagicLength = 6;

    /// <summary>Recognises gzip, zstd, xz and bzip2 by magic number; anything else is taken as a plain tar.</summary>
    public static CompressionKind Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0x1F, 0x8B, ..] => CompressionKind.Gzip,
        [0x28, 0xB5, 0x2F, 0xFD, ..] => CompressionKind.Zstd,
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => CompressionKind.Xz,
        [(byte)'B', (byte)'Z', (byte)'h', ..] => CompressionKind.Bzip2,
        _ => CompressionKind.None,
    };

    /// <summary>
    /// Wraps <paramref name="compressed"/> in a decompressor; the result owns it. Gzip goes through ISA-L when
    /// the host has it (<see cref="IsalLibrary"/>), else through .NET's zlib-ng (<see cref="ZlibGzipStream"/>):
    /// the same bytes, and the same refusal of a truncated stream or a trailer that does not match, either way.
    /// Damaged compressed data makes reads throw <see cref="InvalidDataException"/>, whichever the codec.
    /// </summary>
    public static Stream Decompress(Stream compressed, CompressionKind kind)
    {
        if (kind == CompressionKind.None)
        {
            return compressed;
        }
        string codec = kind.ToString().ToLowerInvariant();
        try
        {
            return new DecompressedStream(Codec(compressed, kind), codec);
        }
        // Some decoders read their stream header as they are made.
        catch (Exception error) when (DecompressedStream.IsCodecFailure(error))
        {
            throw DecompressedStream.Corrupt(codec, error);
        }
    }

    private static Stream Codec(Stream compressed, CompressionKind kind) => kind switch
    {
        CompressionKind.Gzip => IsalLibrary.Shared is { } isal
            ? new IsalGzipStream(compressed, isal)
            : new ZlibGzipStream(compressed),
        CompressionKind.Zstd => new ZstdSharp.DecompressionStream(compressed),
        CompressionKind.Xz => new SharpCompress.Compressors.Xz.XZStream(compressed),
        CompressionKind.Bzip2 => SharpCompress.Compressors.BZip2.BZip2Stream.Create(
            compressed, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true),
        _ => compressed,
    };

    /// <summary>What a gzip trailer's ISIZE counts modulo (RFC 1952: the input size modulo 2^32).</summary>
    public const long IsizeModulus = 1L << 32;

    // Deflate's best ratio: a 258-byte match in about two bits (RFC 1951), so about 1032 to 1.
    private const long MostDeflateRatio = 1032;

    /// <summary>
    /// Whether a hint from <see cref="UncompressedSizeHint"/> may be the size modulo 4 GiB rather than the size: a
    /// gzip blob that could inflate to 4 GiB or more.
    /// </summary>
    /// <param name="kind">The detected compression.</param>
    /// <param name="blobSize">The blob's size.</param>
    public static bool HintMayWrap(CompressionKind kind, long blobSize) =>
        kind == CompressionKind.Gzip && blobSize * MostDeflateRatio >= IsizeModulus;

    /// <summary>
    /// The uncompressed size when it is cheap to know: the blob size for a plain tar; the gzip trailer's
    /// ISIZE (size mod 2^32, so only for blobs under 4 GiB, and only when it is plausible for a single
    /// member); the zstd frame header's content size when the compressor wrote one.
    /// </summary>
    /// <param name="kind">The detected compression.</param>
    /// <param name="head">The blob's first bytes (at least 18 for zstd).</param>
    /// <param name="tail">The blob's last 4 bytes.</param>
    /// <param name="blobSize">The blob's size.</param>
    public static long? UncompressedSizeHint(CompressionKind kind, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long blobSize)
    {
        switch (kind)
        {
            case CompressionKind.None:
                return blobSize;
            case CompressionKind.Gzip when blobSize < IsizeModulus && tail.Length == 4:
                long isize = BinaryPrimitives.ReadUInt32LittleEndian(tail);
                // Deflate never shrinks data below its stored-block size minus a little overhead; a smaller
                // ISIZE means several members or a wrapped count, and then the trailer says nothing useful.
                return isize + 64 >= blobSize - 18 ? isize : null;
            case CompressionKind.Zstd:
                return ZstdFrameContentSize(head);
            default:
                return null;
        }
    }

    // Zstd frame header (RFC 8878 3.1.1.1): magic, descriptor byte, optional window byte, optional
    // dictionary id, optional content size of 1, 2, 4 or 8 bytes (the 2-byte form is offset by 256).
    private static long? ZstdFrameContentSize(ReadOnlySpan<byte> head)
    {
        if (head.Length < 5)
        {
            return null;
        }
        byte descriptor = head[4];
        int sizeFlag = descriptor >> 6;
        bool singleSegment = (descriptor & 0x20) != 0;
        int dictionaryBytes = (descriptor & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        int sizeBytes = sizeFlag switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        int at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
        if (sizeBytes == 0 || head.Length < at + sizeBytes)
        {
            return null;
        }
        var field = head.Slice(at, sizeBytes);
        return sizeBytes switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field) + 256L,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(field), long.MaxValue),
        };
    }
}
