using System.Net.Sockets;
using System.Text;

namespace DockerToLinux.Qemu;

/// <summary>
/// The host's end of an app VM's control channel: the guest's second serial port, which QEMU connects to a Unix
/// socket this side listens on before QEMU starts. The guest sends one line per event (<c>init</c>,
/// <c>started</c>, <c>exit N</c>); the host sends <c>stop</c> to ask the app to stop.
/// </summary>
internal sealed class AppControl : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Lock _gate = new();
    private Socket? _connection;
    private bool _stopWanted;

    private AppControl(Socket listener, string path)
    {
        _listener = listener;
        SocketPath = path;
    }

    /// <summary>The socket QEMU's chardev connects to.</summary>
    public string SocketPath { get; }

    /// <summary>Listens on <paramref name="path"/>.</summary>
    public static AppControl Listen(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            return new AppControl(listener, path);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Accepts QEMU's connection and hands each status line to <paramref name="onStatus"/> until QEMU closes it or
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task ReadAsync(Action<AppStatus> onStatus, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            bool stopNow;
            lock (_gate)
            {
                _connection = connection;
                stopNow = _stopWanted;
            }
            if (stopNow)
            {
                await SendStopAsync().ConfigureAwait(false);
            }
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (AppStatus.Parse(line.Trim('\r', ' ')) is { } status)
                {
                    onStatus(status);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // QEMU ended or was stopped.
        }
        catch (SocketException)
        {
            // QEMU closed the connection as it ended.
        }
        catch (IOException)
        {
            // The same, seen through the stream.
        }
    }

    /// <summary>Asks the guest to stop its app (now, or as soon as QEMU has connected).</summary>
    public async Task SendStopAsync()
    {
        Socket? connection;
        lock (_gate)
        {
            _stopWanted = true;
            connection = _connection;
        }
        if (connection is null)
        {
            return;
        }
        try
        {
            await connection.SendAsync("stop\n"u8.ToArray(), SocketFlags.None).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The guest is already gone.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        _listener.Dispose();
        File.Delete(SocketPath);
        return ValueTask.CompletedTask;
    }
}
