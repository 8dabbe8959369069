namespace DockerToLinux.Images;

/// <summary>
/// The uncompressed tar of a layer as handed to the flattener. When the tar ends it also reads the
/// compressed blob to its end, so that the blob's digest is checked even if the decompressor stopped
/// early; a decompressor failure is reported as a digest mismatch when the blob is wrong, else as corrupt.
/// <c>blob</c> is what the decompressor reads (the blob, perhaps read ahead), <c>verifier</c> the digest check
/// under it.
/// </summary>
internal sealed class LayerTarStream(Stream tar, Stream blob, VerifyingStream verifier, string input, string layer) : ForwardReadStream
{
    // The read-ahead decompresses on a thread of its own with plain reads (see LayerReadAhead); this path
    // must behave exactly like the asynchronous one.
    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = tar.Read(buffer);
        }
        catch (Exception error) when (IsCorruption(error))
        {
            DrainBlob();
            throw D2lException.BadInput(input, $"{layer} cannot be decompressed ({error.Message})", error);
        }
        if (read == 0 && buffer.Length > 0)
        {
            DrainBlob();
        }
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsCorruption(error))
        {
            await DrainBlobAsync(cancellationToken).ConfigureAwait(false);
            throw D2lException.BadInput(input, $"{layer} cannot be decompressed ({error.Message})", error);
        }
        if (read == 0 && buffer.Length > 0)
        {
            await DrainBlobAsync(cancellationToken).ConfigureAwait(false);
        }
        return read;
    }

    private static bool IsCorruption(Exception error) =>
        error is InvalidDataException or EndOfStreamException or IOException
            or FormatException or InvalidOperationException or ArgumentException
        && error is not D2lException;

    private void DrainBlob()
    {
        if (!verifier.Verified)
        {
            var scratch = new byte[81920];
            while (blob.Read(scratch) > 0)
            {
            }
        }
    }

    private async Task DrainBlobAsync(CancellationToken cancellationToken)
    {
        if (!verifier.Verified)
        {
            var scratch = new byte[81920];
            while (await blob.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            tar.Dispose();
            blob.Dispose();
        }
        base.Dispose(disposing);
    }
}
