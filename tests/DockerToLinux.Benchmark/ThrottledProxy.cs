using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Benchmark;

/// <summary>
/// A TCP relay on a free 127.0.0.1 port in front of another local port that passes the upstream's answers at
/// most <c>bytesPerSecond</c> in all, over every connection together: a limited link between a registry and
/// its clients, so that a registry build and a plain download can be timed against the same bandwidth.
/// </summary>
internal sealed class ThrottledProxy : IDisposable
{
    // Sleeping for every 64 KiB chunk would cost more in timer slack than the chunk takes at 100 MB/s; the
    // relay runs ahead of its schedule by up to this much before it waits.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(5);
    private const int Chunk = 64 * 1024;

    private readonly int _upstreamPort;
    private readonly double _bytesPerSecond;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _schedule = new();
    private readonly LoopbackListener _listener;
    private double _due;

    /// <param name="upstreamPort">The port on 127.0.0.1 it relays to.</param>
    /// <param name="bytesPerSecond">The bandwidth of the upstream's answers, all connections together.</param>
    public ThrottledProxy(int upstreamPort, double bytesPerSecond)
    {
        _upstreamPort = upstreamPort;
        _bytesPerSecond = bytesPerSecond;
        _listener = new LoopbackListener(RelayAsync);
    }

    /// <summary>host:port of the relay.</summary>
    public string Host => _listener.Host;

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _listener.Stopping);
                var requests = client.GetStream().CopyToAsync(upstream.GetStream(), _listener.Stopping);
                var answers = PaceAsync(upstream.GetStream(), client.GetStream());
                await Task.WhenAny(requests, answers);
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
            {
                // A client or the registry closed the connection.
            }
        }
    }

    private async Task PaceAsync(Stream from, Stream to)
    {
        var buffer = new byte[Chunk];
        int read;
        while ((read = await from.ReadAsync(buffer, _listener.Stopping)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), _listener.Stopping);
            double due;
            lock (_schedule)
            {
                _due = Math.Max(_due, _clock.Elapsed.TotalSeconds) + (read / _bytesPerSecond);
                due = _due;
            }
            var ahead = TimeSpan.FromSeconds(due) - _clock.Elapsed;
            if (ahead > Slack)
            {
                await Task.Delay(ahead, _listener.Stopping);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
