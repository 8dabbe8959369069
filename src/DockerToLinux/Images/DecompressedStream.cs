namespace DockerToLinux.Images;

/// <summary>
/// The output of a decompressor, with whatever the codec throws on damaged input turned into an
/// <see cref="InvalidDataException"/> that names the codec. The codecs differ: zlib and ISA-L throw
/// InvalidDataException, ZstdSharp its own ZstdException, SharpCompress's xz and bzip2 format, index and
/// argument exceptions from deep inside their decoders. Callers then need to recognise one type to report
/// corrupt data as bad input. Failures of the stream underneath (a digest check's
/// <see cref="D2lException"/>, cancellation) pass through unchanged.
/// </summary>
internal sealed class DecompressedStream(Stream decompressor, string codec) : ForwardReadStream
{
    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decompressor.Read(buffer);
        }
        catch (Exception error) when (IsCodecFailure(error))
        {
            throw Corrupt(codec, error);
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await decompressor.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsCodecFailure(error))
        {
            throw Corrupt(codec, error);
        }
    }

    /// <summary>True for an exception a codec throws on damaged data (anything but the stream's own failures).</summary>
    public static bool IsCodecFailure(Exception error) =>
        error is not (D2lException or OperationCanceledException or OutOfMemoryException or InvalidDataException);

    /// <summary>The one exception type damaged data is reported with.</summary>
    public static InvalidDataException Corrupt(string codec, Exception error) => new($"corrupt {codec} data: {error.Message}", error);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressor.Dispose();
        }
        base.Dispose(disposing);
    }
}
