using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// An HTTP proxy on a free 127.0.0.1 port in front of a local registry that logs every request with the body
/// bytes it passed on, and can drop an upload: the <see cref="DropPatchNumber"/>th PATCH has
/// <see cref="DropAfterBytes"/> of its body read from the client and then its connection closed, none of it
/// reaching the registry, as when a network fails mid-request. One request per connection (it asks both
/// sides to close); the Host header goes through unchanged, so the registry's Location headers name the proxy.
/// </summary>
public sealed class UploadProxy : IDisposable
{
    private readonly int _upstreamPort;
    private readonly LoopbackListener _loop;
    private int _patches;

    public UploadProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _loop = new LoopbackListener(ForwardAsync);
    }

    /// <summary>host:port of the proxy.</summary>
    public string Host => _loop.Host;

    /// <summary>Which PATCH (counting from 1) to drop; 0 drops none.</summary>
    public int DropPatchNumber { get; set; }

    /// <summary>How much of the dropped PATCH's body is read before its connection closes.</summary>
    public long DropAfterBytes { get; set; }

    /// <summary>Every request, in the order they ended.</summary>
    public ConcurrentQueue<ProxiedRequest> Log { get; } = new();

    /// <summary>The requests that open, continue or finish a blob upload (POST, PATCH, PUT under blobs/uploads/).</summary>
    public IReadOnlyList<ProxiedRequest> Uploads => [.. Log.Where(request => request.Target.Contains("/blobs/uploads/", StringComparison.Ordinal))];

    /// <summary>Forgets the requests logged so far.</summary>
    public void ClearLog() => Log.Clear();

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            var downstream = client.GetStream();
            var head = await HttpText.ReadRawHeadAsync(downstream);
            if (head is null)
            {
                return;
            }
            var lines = Encoding.ASCII.GetString(head).Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            string method = requestLine[0];
            string target = requestLine.Length > 1 ? requestLine[1] : "/";
            long length = lines.Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(line => long.Parse(line[(line.IndexOf(':') + 1)..].Trim())).FirstOrDefault();
            if (method == "PATCH" && Interlocked.Increment(ref _patches) == DropPatchNumber)
            {
                long read = await CopyAsync(downstream, Stream.Null, Math.Min(DropAfterBytes, length));
                Log.Enqueue(new ProxiedRequest(method, target, 0, Dropped: true, read));
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort);
            var upstreamStream = upstream.GetStream();
            var rewritten = lines.Where(line => line.Length > 0 && !line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
                .Append("Connection: close").Append("").Append("");
            await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(string.Join("\r\n", rewritten)));
            long forwarded = await CopyAsync(downstream, upstreamStream, length);
            await upstreamStream.FlushAsync();
            string status = "";
            var response = await HttpText.ReadRawHeadAsync(upstreamStream);
            if (response is not null)
            {
                status = Encoding.ASCII.GetString(response).Split(' ', 3) is [_, var code, ..] ? code : "";
                await downstream.WriteAsync(response);
                await upstreamStream.CopyToAsync(downstream);
            }
            Log.Enqueue(new ProxiedRequest(method, target, forwarded, Dropped: false, forwarded) { Status = status });
        }
    }

    private static async Task<long> CopyAsync(Stream from, Stream to, long count)
    {
        var buffer = new byte[64 * 1024];
        long done = 0;
        while (done < count)
        {
            int read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - done)));
            if (read == 0)
            {
                break;
            }
            await to.WriteAsync(buffer.AsMemory(0, read));
            done += read;
        }
        return done;
    }

    public void Dispose() => _loop.Dispose();
}

/// <summary>One request through <see cref="UploadProxy"/>.</summary>
/// <param name="Method">GET, HEAD, POST, PATCH, PUT…</param>
/// <param name="Target">The request target (path and query).</param>
/// <param name="BodyBytesForwarded">Body bytes passed to the registry.</param>
/// <param name="Dropped">Whether the proxy dropped this request.</param>
/// <param name="BodyBytesReceived">Body bytes the client sent to the proxy.</param>
public sealed record ProxiedRequest(string Method, string Target, long BodyBytesForwarded, bool Dropped, long BodyBytesReceived)
{
    /// <summary>The registry's status code, empty when there was no answer.</summary>
    public string Status { get; init; } = "";
}
