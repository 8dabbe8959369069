using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>
/// An HTTP proxy on a free 127.0.0.1 port in front of a local registry that breaks chosen responses:
/// for requests whose target contains <see cref="FaultPath"/>, the next <see cref="Faults"/> responses are
/// dropped before a byte is sent (<see cref="TruncateAfter"/> = 0), cut off after that many bytes, or, with
/// <see cref="StallAfter"/>, held open after that many bytes until the proxy is disposed.
/// Requests for a closed byte range (a probe of a blob's first or last bytes) are never broken. With
/// <see cref="RefuseRanges"/> it drops every Range header, as a registry that ignores ranges answers.
/// One request per connection (it asks both sides to close), every request logged.
/// </summary>
public sealed class FaultyProxy : IDisposable
{
    private readonly LoopbackListener _listener;
    private readonly int _upstreamPort;
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _faults;

    public FaultyProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new LoopbackListener(RelayAsync);
    }

    /// <summary>host:port of the proxy.</summary>
    public string Host => _listener.Host;

    /// <summary>Part of the request target that selects the responses to break.</summary>
    public string? FaultPath { get; set; }

    /// <summary>How many more matching responses to break.</summary>
    public int Faults
    {
        get => Volatile.Read(ref _faults);
        set => Volatile.Write(ref _faults, value);
    }

    /// <summary>Bytes of the response (head included) to pass before cutting; 0 drops the connection at once.</summary>
    public long TruncateAfter { get; set; }

    /// <summary>
    /// Bytes of a broken response (head included) to pass before it stalls, the connection left open, until the
    /// proxy is disposed; null breaks responses by <see cref="TruncateAfter"/> instead.
    /// </summary>
    public long? StallAfter { get; set; }

    /// <summary>Whether Range headers are dropped on the way, so that every blob GET gets the whole blob.</summary>
    public bool RefuseRanges { get; set; }

    /// <summary>Completes when a response has stalled: its reader is then waiting for bytes that do not come.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Each request as "TARGET range=RANGE".</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            var downstream = client.GetStream();
            var head = await HttpText.ReadRawHeadAsync(downstream);
            if (head is null)
            {
                return;
            }
            var lines = Encoding.ASCII.GetString(head).Split("\r\n").Where(line => line.Length > 0).ToList();
            string target = lines[0].Split(' ')[1];
            string range = lines.FirstOrDefault(line => line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))?[6..].Trim() ?? "";
            Log.Enqueue($"{target} range={range}");
            bool probe = range.Length > 0 && !range.EndsWith('-');
            bool fault = FaultPath is not null && !probe && target.Contains(FaultPath, StringComparison.Ordinal)
                && Interlocked.Decrement(ref _faults) >= 0;
            long? stallAfter = StallAfter;
            if (fault && stallAfter is null && TruncateAfter == 0)
            {
                client.Client.Close();
                return;
            }
            var forwarded = new StringBuilder();
            foreach (string line in lines.Where(line => !line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)
                && !(RefuseRanges && line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))))
            {
                forwarded.Append(line).Append("\r\n");
            }
            forwarded.Append("Connection: close\r\n\r\n");
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort);
            var upstreamStream = upstream.GetStream();
            await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()));
            var buffer = new byte[16384];
            long passed = 0;
            int read;
            while ((read = await upstreamStream.ReadAsync(buffer)) > 0)
            {
                long limit = stallAfter ?? TruncateAfter;
                int allowed = fault ? (int)Math.Min(read, limit - passed) : read;
                await downstream.WriteAsync(buffer.AsMemory(0, allowed));
                passed += allowed;
                if (fault && stallAfter is not null && passed >= stallAfter)
                {
                    await downstream.FlushAsync();
                    _stalled.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, _listener.Stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        // Disposed: the connection closes with the client.
                    }
                    return;
                }
                if (fault && stallAfter is null && passed >= TruncateAfter)
                {
                    await downstream.FlushAsync();
                    // A reset, not a clean close: the client must see that the body ended early.
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close();
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
    }
}
