using System.Net;
using System.Net.Http.Headers;

namespace DockerToLinux.Images;

/// <summary>
/// A registry blob's first and last bytes, fetched with HTTP Range requests before the blob itself: what a
/// layer's compression and uncompressed size are learnt from (the gzip trailer's ISIZE, a zstd frame header),
/// so that a pull can give each layer its region and read them in parallel, as a local archive does.
/// Distribution registries honour ranges on blob GETs; a registry, proxy or CDN that refuses them (416, an
/// error status, the whole blob in a 200, a range other than the one asked, fewer bytes) gives no ends at all,
/// never bytes from the wrong place, and the whole blob is never downloaded for it.
/// </summary>
internal static class RegistryBlobEnds
{
    /// <summary>
    /// Up to <paramref name="headLength"/> first and <paramref name="tailLength"/> last bytes of a blob (exactly
    /// that many, or the whole blob when it is shorter), or null when the registry would not give either.
    /// </summary>
    /// <param name="client">The repository's client.</param>
    /// <param name="digest">The blob.</param>
    /// <param name="size">Its size as its descriptor gives it.</param>
    /// <param name="headLength">How many first bytes are wanted.</param>
    /// <param name="tailLength">How many last bytes are wanted.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public static async Task<(byte[] Head, byte[] Tail)?> ReadAsync(RegistryClient client, Digest digest, long size, int headLength,
        int tailLength, CancellationToken cancellationToken)
    {
        int head = (int)Math.Min(headLength, size);
        int tail = (int)Math.Min(tailLength, size);
        var reads = new[]
        {
            head == 0 ? Task.FromResult<byte[]?>([]) : ReadRangeAsync(client, digest, size, 0, head, cancellationToken),
            tail == 0 ? Task.FromResult<byte[]?>([]) : ReadRangeAsync(client, digest, size, size - tail, tail, cancellationToken),
        };
        var ends = await Task.WhenAll(reads).ConfigureAwait(false);
        return ends[0] is { } first && ends[1] is { } last ? (first, last) : null;
    }

    // The bytes [from, from + length), or null when the answer is anything but those bytes. A 200 is the whole
    // blob: its start serves for the head, while its end would take the whole download, so the connection is
    // dropped instead. A 206 must say it holds exactly the range asked, of a blob of the descriptor's size, and
    // hold no more and no fewer bytes than that: a proxy that rewrites ranges would otherwise hand over bytes
    // from elsewhere in the blob as its trailer.
    private static async Task<byte[]?> ReadRangeAsync(RegistryClient client, Digest digest, long size, long from, int length,
        CancellationToken cancellationToken)
    {
        using var response = await client.GetAnswerAsync($"blobs/{digest}", [], new RangeHeaderValue(from, from + length - 1), cancellationToken)
            .ConfigureAwait(false);
        var headers = response.Content.Headers;
        bool ranged = response.StatusCode == HttpStatusCode.PartialContent
            && headers.ContentRange is { Unit: "bytes", From: { } start, To: { } end } range
            && start == from && end == from + length - 1 && (range.Length ?? size) == size
            && (headers.ContentLength ?? length) == length;
        bool whole = response.StatusCode == HttpStatusCode.OK && from == 0 && (headers.ContentLength ?? size) == size;
        if (!ranged && !whole)
        {
            return null;
        }
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[length + (ranged ? 1 : 0)];
            int read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == length ? buffer[..length] : null;
        }
        catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken) || error is HttpRequestException)
        {
            // A probe that breaks off is a probe refused: the blob's own download has retries and says why it failed.
            return null;
        }
    }
}
