using System.Net;
using System.Net.Http.Headers;

namespace DockerToLinux.Images;

/// <summary>
/// Talks to one repository of a registry over the OCI Distribution API: authenticates through the
/// <c>WWW-Authenticate</c> challenge (anonymous or with credentials), follows redirects itself so the
/// <c>Authorization</c> header never reaches another host, and retries transient failures with backoff.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    private const int MaxRedirects = 10;
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly RegistryReference _reference;
    private readonly ImageSourceOptions _options;
    private readonly RegistryCredentials? _credentials;
    private readonly Uri _base;
    private readonly RegistryAuthenticator _authenticator;
    private string? _authorization;

    /// <param name="reference">The image; its host and repository are what this client reads.</param>
    /// <param name="input">The image as the user named it, for messages.</param>
    /// <param name="options">Credentials, TLS and retry choices.</param>
    /// <param name="scopes">The token scopes to ask for; null means pulling from the repository.</param>
    public RegistryClient(RegistryReference reference, string input, ImageSourceOptions options, IReadOnlyList<string>? scopes = null)
    {
        _reference = reference;
        _options = options;
        Input = input;
        _credentials = options.Credentials
            ?? DockerConfigFile.Find(options.DockerConfigPath ?? DockerConfigFile.DefaultPath(), reference.Host);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (!options.TlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        // Bodies stream for minutes; timeouts are applied per request header wait and per read instead.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("d2l", "1.0"));
        _base = new Uri($"{(reference.IsLoopback ? "http" : "https")}://{reference.Host}/v2/");
        _authenticator = new RegistryAuthenticator(_http, reference, input, _credentials,
            scopes ?? [$"repository:{reference.Repository}:pull"]);
    }

    /// <summary>The image as the user named it, for messages.</summary>
    public string Input { get; }

    /// <summary>The registry retry settings.</summary>
    public ImageSourceOptions Options => _options;

    /// <summary>Whether the client has credentials (from the options or the Docker config file), for messages.</summary>
    public bool HasCredentials => _credentials is not null;

    /// <summary>The address of <c>/v2/REPO/PATH</c>.</summary>
    public Uri RepositoryUri(string path) => new(_base, $"{_reference.Repository}/{path}");

    /// <summary>
    /// GETs <c>/v2/REPO/PATH</c> and returns the successful response with its body unread.
    /// </summary>
    /// <param name="path">Under the repository, for example <c>manifests/latest</c> or <c>blobs/sha256:…</c>.</param>
    /// <param name="accept">Media types for the Accept header, or none.</param>
    /// <param name="range">The HTTP Range to ask for, or null for the whole body.</param>
    /// <param name="what">What is fetched, for messages ("manifest latest", "blob sha256:…").</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="D2lException">The registry refused the request or could not be reached, after retries.</exception>
    public async Task<HttpResponseMessage> GetAsync(string path, IReadOnlyList<string> accept, RangeHeaderValue? range, string what,
        CancellationToken cancellationToken)
    {
        var response = await GetAnswerAsync(path, accept, range, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await RegistryErrors.FromResponseAsync(response, Input, what, _credentials is not null, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// GETs <c>/v2/REPO/PATH</c> as <see cref="GetAsync"/> does, but returns the last answer whatever its status
    /// (once transient failures have had their retries), for a caller that has a use for a refusal.
    /// </summary>
    /// <param name="path">Under the repository.</param>
    /// <param name="accept">Media types for the Accept header, or none.</param>
    /// <param name="range">The HTTP Range to ask for, or null for the whole body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="D2lException">The registry could not be reached, after retries.</exception>
    public async Task<HttpResponseMessage> GetAnswerAsync(string path, IReadOnlyList<string> accept, RangeHeaderValue? range,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(_base, $"{_reference.Repository}/{path}");
        for (int attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(uri, target => GetRequest(target, accept, range), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (IsTransient(error, cancellationToken))
            {
                if (attempt >= _options.MaxAttempts)
                {
                    throw D2lException.BadInput(Input, $"cannot reach registry {_reference.Host} ({Describe(error)}; tried {attempt} times)", error);
                }
                await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (response.IsSuccessStatusCode || !IsTransient(response.StatusCode) || attempt >= _options.MaxAttempts)
            {
                return response;
            }
            response.Dispose();
            await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits before retry number <paramref name="attempt"/>: the base delay, doubled each time.</summary>
    public Task BackoffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(_options.RetryDelay * Math.Pow(2, attempt - 1), cancellationToken);

    /// <summary>True for failures worth another try: resets, timeouts, truncated bodies; not the user's cancel.</summary>
    public static bool IsTransient(Exception error, CancellationToken cancellationToken) =>
        error is HttpRequestException { StatusCode: null } or IOException or TimeoutException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>A short cause for messages.</summary>
    public static string Describe(Exception error) =>
        error is OperationCanceledException ? "timed out" : error.InnerException is { } inner && error is HttpRequestException
            ? $"{error.Message} {inner.Message}" : error.Message;

    /// <summary>True for statuses worth another try: 408, 429, 500, 502, 503, 504.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Sends one request made by <paramref name="makeRequest"/> (again for each redirect and after the
    /// authentication challenge, so a body is made afresh each time) and returns the response, whatever its status.
    /// </summary>
    /// <exception cref="HttpRequestException">The connection failed; the caller decides whether to retry.</exception>
    public async Task<HttpResponseMessage> SendAsync(Uri uri, Func<Uri, HttpRequestMessage> makeRequest, CancellationToken cancellationToken)
    {
        bool challenged = false;
        for (int hop = 0; hop <= MaxRedirects; hop++)
        {
            bool toRegistry = uri.Scheme == _base.Scheme && uri.Authority == _base.Authority;
            using var request = makeRequest(uri);
            if (toRegistry && _authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Only a request without a body has its wait bounded: an upload's body may take minutes to send.
            if (request.Content is null)
            {
                timeout.CancelAfter(HeadersTimeout);
            }
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && toRegistry && !challenged)
            {
                var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.FirstOrDefault()?.ToString());
                response.Dispose();
                _authorization = await _authenticator.AuthorizeAsync(challenge, cancellationToken).ConfigureAwait(false);
                challenged = true;
                hop--;
                continue;
            }
            if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                uri = new Uri(uri, location);
                continue;
            }
            return response;
        }
        throw D2lException.BadInput(Input, $"registry {_reference.Host} redirected more than {MaxRedirects} times");
    }

    private static HttpRequestMessage GetRequest(Uri uri, IReadOnlyList<string> accept, RangeHeaderValue? range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (string type in accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
        // Each request gets its own copy: a header value belongs to the message it is added to.
        request.Headers.Range = range is null ? null : (RangeHeaderValue)((ICloneable)range).Clone();
        return request;
    }

    public void Dispose() => _http.Dispose();
}
