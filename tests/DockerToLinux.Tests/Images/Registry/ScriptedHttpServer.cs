using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>An HTTP server on a free 127.0.0.1 port whose answers a test scripts; every request is recorded.</summary>
public sealed class ScriptedHttpServer : IDisposable
{
    private readonly LoopbackListener _listener;
    private readonly Func<string, Dictionary<string, string>, ScriptedAnswer> _answer;

    public ScriptedHttpServer(Func<string, Dictionary<string, string>, ScriptedAnswer> answer)
    {
        _answer = answer;
        _listener = new LoopbackListener(AnswerAsync);
    }

    /// <summary>host:port of the server.</summary>
    public string Host => _listener.Host;

    /// <summary>The requests so far: target and headers (keys in lower case).</summary>
    public ConcurrentQueue<(string Target, Dictionary<string, string> Headers)> Requests { get; } = new();

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            if (await HttpText.ReadHeadAsync(stream) is not { } request)
            {
                return;
            }
            Requests.Enqueue(request);
            var answer = _answer(request.Target, request.Headers);
            var head = new StringBuilder($"HTTP/1.1 {answer.Status}\r\nContent-Length: {answer.Body.Length}\r\nConnection: close\r\n");
            foreach (string header in answer.Headers)
            {
                head.Append(header).Append("\r\n");
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
            await stream.WriteAsync(answer.Body);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
    }
}

/// <summary>One scripted response.</summary>
/// <param name="Status">For example "200 OK".</param>
/// <param name="Headers">Extra header lines.</param>
/// <param name="Body">The body.</param>
public sealed record ScriptedAnswer(string Status, string[] Headers, byte[] Body);
