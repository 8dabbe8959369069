namespace DockerToLinux.RootFs;

/// <summary>
/// A layer's tar stream that remembers whether one of its reads failed, so that an error found in the bytes
/// it gave can be told from a failure of the stream itself (corrupt compressed data, a digest mismatch).
/// </summary>
internal sealed class FailureTrackingStream(Stream inner) : ForwardReadStream
{
    /// <summary>True once a read of the inner stream has thrown.</summary>
    public bool Failed { get; private set; }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch
        {
            Failed = true;
            throw;
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Failed = true;
            throw;
        }
    }

    /// <summary>
    /// Reads the rest of the stream and returns the <see cref="D2lException"/> it fails with, or null when it
    /// ends cleanly (or has already failed, which its reader reported).
    /// </summary>
    public async Task<D2lException?> FailureOfRestAsync(CancellationToken cancellationToken)
    {
        if (Failed)
        {
            return null;
        }
        try
        {
            await CopyToAsync(Null, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (D2lException failure)
        {
            return failure;
        }
    }
}
