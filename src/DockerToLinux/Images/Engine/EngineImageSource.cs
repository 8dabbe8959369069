using System.Net;
using System.Net.Sockets;

namespace DockerToLinux.Images;

/// <summary>
/// <c>docker-daemon:NAME[:TAG]</c>: an image held by a local Docker Engine (or podman's compatible API
/// service), exported through <c>GET /images/{name}/get</c> on the engine's Unix socket. The export streams
/// into a private temporary file (never into memory), which is then read as the archive it is.
/// </summary>
internal sealed class EngineImageSource(string description, string name, ImageSourceOptions options) : IImageSource
{
    private const string DefaultSocket = "/var/run/docker.sock";

    private string? _spool;
    private LayoutImageSource? _archive;

    public string Description => description;

    public async Task<ContainerImage> OpenAsync(CancellationToken cancellationToken)
    {
        if (_archive is null)
        {
            _spool = Path.Combine(Path.GetTempPath(), $"d2l-engine-{Guid.NewGuid():N}.tar");
            await ExportAsync(SocketPath(), _spool, cancellationToken).ConfigureAwait(false);
            _archive = new LayoutImageSource(description, _spool, null, LayoutKind.Archive, options);
        }
        return await _archive.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private string SocketPath()
    {
        string host = options.DockerHost ?? Environment.GetEnvironmentVariable("DOCKER_HOST") ?? $"unix://{DefaultSocket}";
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return host["unix://".Length..];
        }
        throw D2lException.BadInput(description, $"DOCKER_HOST '{host}' is not a unix:// socket (only the local engine socket is supported)");
    }

    private async Task ExportAsync(string socket, string spool, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await client.ConnectAsync(new UnixDomainSocketEndPoint(socket), token).ConfigureAwait(false);
                    return new NetworkStream(client, ownsSocket: true);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }
            },
        }) { Timeout = Timeout.InfiniteTimeSpan };
        // Slashes stay as they are: the engines route /images/{name:.*}/get.
        string escaped = string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync($"http://engine/images/{escaped}/get", HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw D2lException.BadInput(description, $"cannot reach the engine at {socket} ({RegistryClient.Describe(error)})", error);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                string message = EngineMessage(body);
                throw D2lException.BadInput(description, response.StatusCode == HttpStatusCode.NotFound
                    ? $"the engine has no image '{name}' ({message})"
                    : $"the engine answered {(int)response.StatusCode} {response.ReasonPhrase} ({message})");
            }
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
                if (!OperatingSystem.IsWindows())
                {
                    // The export may hold secrets of the image; only this user reads the spool.
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                await using var file = new FileStream(spool, fileOptions);
                await body.CopyToAsync(file, 1 << 16, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or HttpRequestException)
            {
                throw D2lException.BadInput(description, $"the export from the engine broke off ({error.Message})", error);
            }
        }
    }

    // Engines answer errors as {"message":"…"}.
    private static string EngineMessage(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.String("message") ?? body.Trim();
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Trim();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_archive is not null)
        {
            await _archive.DisposeAsync().ConfigureAwait(false);
            _archive = null;
        }
        if (_spool is not null)
        {
            File.Delete(_spool);
            _spool = null;
        }
    }
}
