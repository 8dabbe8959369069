using System.Net;
using System.Net.Sockets;

namespace DockerToLinux.Tests.Support;

/// <summary>
/// A TCP listener on a free 127.0.0.1 port that hands each connection to a handler on the thread pool until it
/// is disposed: the accepting side of the stand-in servers and proxies that tests and the benchmark start.
/// </summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="handle">Serves one connection; the handler owns (and disposes) the client.</param>
    public LoopbackListener(Func<TcpClient, Task> handle)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptAsync(handle));
    }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>host:port, as URLs and references name it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Cancelled when the listener is disposed, for handlers that wait.</summary>
    public CancellationToken Stopping => _stop.Token;

    private async Task AcceptAsync(Func<TcpClient, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => handle(client));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(5000);
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
        _stop.Dispose();
    }
}
