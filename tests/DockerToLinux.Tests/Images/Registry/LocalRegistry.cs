using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>
/// Debian's distribution registry (<c>docker-registry serve</c>) on a free 127.0.0.1 port, storing in a
/// temporary folder, optionally enforcing token authentication; stopped on disposal.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly TempDir _storage;
    private readonly Process _process;

    private LocalRegistry(Process process, int port, TempDir storage)
    {
        _process = process;
        Port = port;
        _storage = storage;
    }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>host:port, as references name it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts a registry; with <paramref name="issuer"/>, it accepts only tokens that issuer signs.</summary>
    public static LocalRegistry Start(TokenIssuer? issuer = null)
    {
        var storage = new TempDir();
        int port = FreePort();
        string auth = issuer is null ? "" : $"""
            auth:
              token:
                realm: {issuer.Realm}
                service: {TokenIssuer.Service}
                issuer: {TokenIssuer.Issuer}
                rootcertbundle: {issuer.WriteCertificate(storage.File("issuer.pem"))}
            """;
        File.WriteAllText(storage.File("config.yml"), $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {storage.File("data")}
            http:
              addr: 127.0.0.1:{port}
            {auth}
            """);
        var info = new ProcessStartInfo("docker-registry", ["serve", storage.File("config.yml")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start docker-registry");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, port, storage);
        registry.WaitUntilReady();
        return registry;
    }

    private void WaitUntilReady()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited {_process.ExitCode}");
            }
            try
            {
                using var response = http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult();
                return;
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(100);
            }
        }
        throw new TimeoutException("docker-registry did not start listening");
    }

    /// <summary>Copies an image into the registry with skopeo (<c>--all</c> keeps every platform of an index).</summary>
    public void Push(string source, string repositoryAndTag, bool all = false, string? credentials = null)
    {
        var args = new List<string> { "--insecure-policy", "copy", "-q", "--dest-tls-verify=false" };
        if (all)
        {
            args.Add("--all");
        }
        if (credentials is not null)
        {
            args.Add($"--dest-creds={credentials}");
        }
        args.AddRange([source, $"docker://{Host}/{repositoryAndTag}"]);
        Tool.Run("skopeo", args, stdin: null).EnsureSuccess($"skopeo copy {source} to the registry");
    }

    /// <summary>The manifest digest a tag points to, as skopeo sees it.</summary>
    public string DigestOf(string repositoryAndTag, string? credentials = null)
    {
        var args = new List<string> { "inspect", "--tls-verify=false", "--raw" };
        if (credentials is not null)
        {
            args.Add($"--creds={credentials}");
        }
        args.Add($"docker://{Host}/{repositoryAndTag}");
        string raw = Tool.Run("skopeo", args, stdin: null).EnsureSuccess("skopeo inspect --raw").StdOut;
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)));
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _storage.Dispose();
    }
}
