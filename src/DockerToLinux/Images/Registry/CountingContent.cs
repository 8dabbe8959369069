using System.Net;
using System.Net.Http.Headers;

namespace DockerToLinux.Images;

/// <summary>
/// A request body from part of a buffer that counts the bytes it actually hands to the connection, so an upload
/// cut off midway knows how much it sent rather than how much it meant to.
/// </summary>
internal sealed class CountingContent : HttpContent
{
    private const int PieceSize = 64 * Units.KiB;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly Action<int> _sent;

    /// <param name="data">The body.</param>
    /// <param name="sent">Called with each piece's length once the connection took it.</param>
    public CountingContent(ReadOnlyMemory<byte> data, Action<int> sent)
    {
        _data = data;
        _sent = sent;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = data.Length;
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        for (int offset = 0; offset < _data.Length; offset += PieceSize)
        {
            int length = Math.Min(PieceSize, _data.Length - offset);
            await stream.WriteAsync(_data.Slice(offset, length), cancellationToken).ConfigureAwait(false);
            _sent(length);
        }
    }

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        length = _data.Length;
        return true;
    }
}
