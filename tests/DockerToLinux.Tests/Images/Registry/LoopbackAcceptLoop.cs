using System.Net;
using System.Net.Sockets;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>A listener on a free 127.0.0.1 port that hands each connection to a handler on its own task until disposed.</summary>
public sealed class LoopbackAcceptLoop : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="handle">Serves one connection; it owns the client.</param>
    public LoopbackAcceptLoop(Func<TcpClient, Task> handle)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
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
        });
    }

    /// <summary>Cancelled when the loop is disposed, for handlers that hold a connection open until then.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>host:port it listens on.</summary>
    public string Host => $"127.0.0.1:{Port}";

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
