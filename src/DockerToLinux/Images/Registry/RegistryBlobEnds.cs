using System.Net;
using System.Net.Http.Headers;

namespace DockerToLinux.Images;

/// <summary>
/// A registry blob's first and last bytes, fetched with HTTP Range requests before the blob itself: what a
/// layer's compression and uncompressed size are learnt from (the gzip trailer's ISIZE, a zstd frame header),
/// so that a pull can give each layer its region and read them in parallel, as a local archive does.
/// Distribution registries honour ranges on blob GETs; where one does not, the tail is given as empty (no
/// size known, so the layers are read one after another) and the whole blob is never downloaded for it.
/// </summary>
internal static class RegistryBlobEnds
{
    /// <summary>Up to <paramref name="headLength"/> first and <paramref name="tailLength"/> last bytes of a blob.</summary>
    /// <param name="client">The repository's client.</param>
    /// <param name="digest">The blob.</param>
    /// <param name="size">Its size as its descriptor gives it.</param>
    /// <param name="headLength">How many first bytes are wanted.</param>
    /// <param name="tailLength">How many last bytes are wanted.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public static async Task<(byte[] Head, byte[] Tail)> ReadAsync(RegistryClient client, Digest digest, long size, int headLength,
        int tailLength, CancellationToken cancellationToken)
    {
        int head = (int)Math.Min(headLength, size);
        int tail = (int)Math.Min(tailLength, size);
        var reads = new[]
        {
            head == 0 ? Task.FromResult(Array.Empty<byte>()) : ReadRangeAsync(client, digest, 0, head, acceptWhole: true, cancellationToken),
            tail == 0 ? Task.FromResult(Array.Empty<byte>()) : ReadRangeAsync(client, digest, size - tail, tail, acceptWhole: false, cancellationToken),
        };
        var ends = await Task.WhenAll(reads).ConfigureAwait(false);
        return (ends[0], ends[1]);
    }

    // The bytes [from, from + length). A registry that answers with the whole blob still gives its start, so
    // acceptWhole takes the first bytes of a 200; a tail taken from a 200 would mean reading the whole blob,
    // so it is given up (an empty result) and the connection dropped.
    private static async Task<byte[]> ReadRangeAsync(RegistryClient client, Digest digest, long from, int length, bool acceptWhole,
        CancellationToken cancellationToken)
    {
        string what = $"blob {digest}";
        using var response = await client.GetAsync($"blobs/{digest}", [], new RangeHeaderValue(from, from + length - 1), what,
            cancellationToken).ConfigureAwait(false);
        bool ranged = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == from;
        bool whole = response.StatusCode == HttpStatusCode.OK && from == 0;
        if (!ranged && !(whole && acceptWhole))
        {
            return [];
        }
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[length];
            int read = await body.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return buffer[..read];
        }
        catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
        {
            throw D2lException.BadInput(client.Input, $"{what}: download failed ({RegistryClient.Describe(error)})", error);
        }
    }
}
