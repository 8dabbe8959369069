namespace DockerToLinux.Images;

/// <summary>
/// Hands a stream to a decompressor without letting the decompressor close it: the layer still has to
/// read the blob to its end (to check its digest) after the decompressor is done with it.
/// </summary>
internal sealed class NonClosingStream(Stream inner) : ForwardReadStream
{
    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);
}
