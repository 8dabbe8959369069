using System.Net;

namespace DockerToLinux.Images;

/// <summary>
/// One blob upload session, written to as a stream. Bytes are gathered into chunks of <see cref="ChunkSize"/>;
/// a blob that fits in one chunk goes up in a single PUT (monolithic), a larger one as PATCHes with
/// <c>Content-Range</c>, each answered with the next <c>Location</c>, then a PUT with the digest. When a
/// connection drops, the registry is asked how far it got (GET on the session, its <c>Range</c> header) and
/// the chunk continues from there: only the bytes it lacks are sent again. A session the registry no longer
/// knows (404 on the session, 416 on a chunk, a 5xx) throws <see cref="LostException"/>, and the caller writes
/// the blob again from its start.
/// </summary>
internal sealed class BlobUpload(RegistryPusher pusher, Digest digest) : Stream
{
    /// <summary>The bytes gathered before they are sent; also what bounds the memory an upload takes.</summary>
    public const int ChunkSize = 16 * Units.MiB;

    private readonly byte[] _chunk = new byte[ChunkSize];
    private int _filled;
    private long _acknowledged;
    private Uri? _location;

    /// <summary>Body bytes the connection took, those sent again after a drop included.</summary>
    public long BytesSent { get; private set; }

    private RegistryClient Client => pusher.Client;

    private string What => $"blob {digest}";

    /// <summary>Opens the session (POST), which names where the bytes go.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        var uri = Client.RepositoryUri("blobs/uploads/");
        using var response = await pusher.SendWithRetriesAsync(uri, target => new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new ByteArrayContent([]),
        }, What, cancellationToken).ConfigureAwait(false);
        _location = response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location
            ? new Uri(uri, location)
            : throw await RegistryErrors.FromResponseAsync(response, Client.Input, What, Client.HasCredentials, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends what is left and closes the session with the blob's digest (PUT), which the registry checks.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        bool monolithic = _acknowledged == 0;
        if (!monolithic && _filled > 0)
        {
            await SendChunkAsync(cancellationToken).ConfigureAwait(false);
        }
        int bodyLength = monolithic ? _filled : 0;
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(WithDigest(_location!), uri => new HttpRequestMessage(HttpMethod.Put, uri)
            {
                Content = Body(0, bodyLength),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
        {
            throw new LostException($"the final PUT failed: {RegistryClient.Describe(error)}", error);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }
            if (IsLost(response.StatusCode))
            {
                throw await LostAsync("the final PUT", response, cancellationToken).ConfigureAwait(false);
            }
            throw await RegistryErrors.FromResponseAsync(response, Client.Input, What, Client.HasCredentials, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            int take = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..take].CopyTo(_chunk.AsMemory(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                await SendChunkAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("a blob upload is written asynchronously");

    // PATCHes the gathered chunk from where the registry stands; after a drop, asks it where that is.
    private async Task SendChunkAsync(CancellationToken cancellationToken)
    {
        long chunkStart = _acknowledged;
        int from = 0;
        for (int attempt = 1; ; attempt++)
        {
            int length = _filled - from;
            HttpResponseMessage response;
            try
            {
                response = await Client.SendAsync(_location!, uri =>
                {
                    var content = Body(from, length);
                    content.Headers.TryAddWithoutValidation("Content-Range", $"{chunkStart + from}-{chunkStart + _filled - 1}");
                    return new HttpRequestMessage(HttpMethod.Patch, uri) { Content = content };
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
            {
                if (attempt >= Client.Options.MaxAttempts)
                {
                    throw new LostException($"a chunk failed {attempt} times: {RegistryClient.Describe(error)}", error);
                }
                await Client.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                long reached = await RegistryOffsetAsync(cancellationToken).ConfigureAwait(false);
                if (reached < chunkStart || reached > chunkStart + _filled)
                {
                    throw new LostException($"the registry holds {reached} bytes of an upload at {chunkStart}", error);
                }
                from = (int)(reached - chunkStart);
                continue;
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    _location = response.Headers.Location is { } next ? new Uri(_location!, next) : _location;
                    _acknowledged = chunkStart + _filled;
                    _filled = 0;
                    return;
                }
                if (IsLost(response.StatusCode) || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    throw await LostAsync("a chunk", response, cancellationToken).ConfigureAwait(false);
                }
                throw await RegistryErrors.FromResponseAsync(response, Client.Input, What, Client.HasCredentials, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // GET on the session: 204 with "Range: 0-LAST" (nothing yet: no Range, or 0-0 from some registries when empty).
    private async Task<long> RegistryOffsetAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(_location!, uri => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
        {
            throw new LostException($"the upload's status is unknown: {RegistryClient.Describe(error)}", error);
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw await LostAsync("the upload's status", response, cancellationToken).ConfigureAwait(false);
            }
            _location = response.Headers.Location is { } next ? new Uri(_location!, next) : _location;
            if (!response.Headers.TryGetValues("Range", out var values) || values.FirstOrDefault() is not { } range)
            {
                return 0;
            }
            int dash = range.IndexOf('-');
            return dash > 0 && long.TryParse(range[(dash + 1)..], out long last) ? last + 1
                : throw new LostException($"the registry reported the range '{range}'", null);
        }
    }

    // A 404 on a session the POST opened means the registry no longer has it (expired, or cancelled as Distribution
    // cancels one whose chunk broke off partway): the OCI distribution spec says the upload must then be restarted.
    private static bool IsLost(HttpStatusCode status) => status == HttpStatusCode.NotFound || RegistryClient.IsTransient(status);

    private static async Task<LostException> LostAsync(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string detail = await RegistryErrors.RegistryMessageAsync(response, cancellationToken).ConfigureAwait(false);
        return new LostException($"{what} was answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? $": {detail}" : "")}", null);
    }

    private CountingContent Body(int from, int length) => new(_chunk.AsMemory(from, length), sent => BytesSent += sent);

    private Uri WithDigest(Uri location) =>
        new(location.AbsoluteUri + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + $"digest={Uri.EscapeDataString(digest.ToString())}");

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => _acknowledged + _filled;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        // Bytes leave in whole chunks, and the rest at CompleteAsync: nothing to do before then.
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>The registry no longer has the session (or never answers for it): the blob must be sent from its start.</summary>
    internal sealed class LostException(string message, Exception? inner) : Exception(message, inner);
}
