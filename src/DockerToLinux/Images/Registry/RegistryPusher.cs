using System.Net;
using System.Net.Http.Headers;

namespace DockerToLinux.Images;

/// <summary>
/// Writes to one repository over the OCI Distribution API: asks whether a blob is there (HEAD), mounts it
/// from another repository of the same registry, uploads it (see <see cref="BlobUpload"/>), and puts the
/// manifest. It authenticates as the pull side does, asking for <c>pull,push</c> on the repository and
/// <c>pull</c> on the repositories it may mount from.
/// </summary>
internal sealed class RegistryPusher : IDisposable
{
    private readonly RegistryClient _client;
    private readonly RegistryReference _reference;

    /// <param name="reference">The repository and tag to write.</param>
    /// <param name="input">The destination as the user named it, for messages.</param>
    /// <param name="options">Credentials, TLS and retry choices.</param>
    /// <param name="mountSources">Repositories of the same registry that blobs may be mounted from.</param>
    public RegistryPusher(RegistryReference reference, string input, ImageSourceOptions options, IReadOnlyList<string> mountSources)
    {
        _reference = reference;
        MountSources = mountSources;
        _client = new RegistryClient(reference, input, options,
            [$"repository:{reference.Repository}:pull,push", .. mountSources.Select(source => $"repository:{source}:pull")]);
    }

    /// <summary>The repositories this pusher may mount blobs from.</summary>
    public IReadOnlyList<string> MountSources { get; }

    /// <summary>The client, for <see cref="BlobUpload"/>.</summary>
    internal RegistryClient Client => _client;

    /// <summary>Whether the repository already holds <paramref name="digest"/>.</summary>
    /// <exception cref="D2lException">The registry refused the question or could not be reached.</exception>
    public async Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(_client.RepositoryUri($"blobs/{digest}"),
            uri => new HttpRequestMessage(HttpMethod.Head, uri), $"blob {digest}", cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await RegistryErrors.FromResponseAsync(response, _client.Input, $"blob {digest}", _client.HasCredentials, cancellationToken)
                .ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Asks the registry to link <paramref name="digest"/> from <paramref name="fromRepository"/>; true when it
    /// did (201). A registry that cannot mount opens an upload instead (202), which is cancelled here.
    /// </summary>
    public async Task<bool> TryMountAsync(Digest digest, string fromRepository, CancellationToken cancellationToken)
    {
        var uri = _client.RepositoryUri($"blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}");
        using var response = await SendWithRetriesAsync(uri, target => new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new ByteArrayContent([]),
        }, $"blob {digest}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            using var cancel = await SendWithRetriesAsync(new Uri(uri, location), target => new HttpRequestMessage(HttpMethod.Delete, target),
                $"blob {digest}", cancellationToken).ConfigureAwait(false);
            return false;
        }
        throw await RegistryErrors.FromResponseAsync(response, _client.Input, $"blob {digest}", _client.HasCredentials, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads a blob that <paramref name="writeBlob"/> writes (it may be called again to write the blob from its
    /// start, when the registry lost an upload); returns the bytes sent, resent ones included.
    /// </summary>
    /// <exception cref="D2lException">The registry refused the blob, or the upload failed more often than the retry budget.</exception>
    public async Task<long> UploadAsync(Digest digest, Func<Stream, CancellationToken, Task> writeBlob, CancellationToken cancellationToken)
    {
        long sent = 0;
        for (int start = 1; ; start++)
        {
            await using var upload = new BlobUpload(this, digest);
            try
            {
                await upload.BeginAsync(cancellationToken).ConfigureAwait(false);
                await writeBlob(upload, cancellationToken).ConfigureAwait(false);
                await upload.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return sent + upload.BytesSent;
            }
            catch (BlobUpload.LostException) when (start < _client.Options.MaxAttempts)
            {
                sent += upload.BytesSent;
                await _client.BackoffAsync(start, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobUpload.LostException lost)
            {
                throw D2lException.BadInput(_client.Input, $"blob {digest}: the upload failed {start} times ({lost.Message})", lost);
            }
        }
    }

    /// <summary>Puts the manifest under the tag; the registry stores exactly these bytes.</summary>
    public async Task PutManifestAsync(ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken)
    {
        string tag = _reference.Tag ?? _reference.ManifestReference;
        using var response = await SendWithRetriesAsync(_client.RepositoryUri($"manifests/{tag}"), uri =>
        {
            var content = new ReadOnlyMemoryContent(manifest);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
        }, $"manifest {tag}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await RegistryErrors.FromResponseAsync(response, _client.Input, $"manifest {tag}", _client.HasCredentials, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a request, trying again after a dropped connection or a transient status (5xx, 429), and returns
    /// the last response whatever its status.
    /// </summary>
    internal async Task<HttpResponseMessage> SendWithRetriesAsync(Uri uri, Func<Uri, HttpRequestMessage> makeRequest, string what,
        CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(uri, makeRequest, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
            {
                if (attempt >= _client.Options.MaxAttempts)
                {
                    throw D2lException.BadInput(_client.Input, $"{what}: cannot reach registry {_reference.Host} ({RegistryClient.Describe(error)}; tried {attempt} times)", error);
                }
                await _client.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (RegistryClient.IsTransient(response.StatusCode) && attempt < _client.Options.MaxAttempts)
            {
                response.Dispose();
                await _client.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    public void Dispose() => _client.Dispose();
}
