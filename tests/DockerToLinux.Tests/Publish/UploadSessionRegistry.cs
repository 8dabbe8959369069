using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Publish;

/// <summary>How <see cref="UploadSessionRegistry"/> ends an upload session at its second PATCH.</summary>
public enum SessionLoss
{
    /// <summary>
    /// The connection breaks after part of the PATCH's body; the registry keeps those bytes, so its size no longer
    /// matches the upload's state and every later request on the session is 404 BLOB_UPLOAD_INVALID, which is
    /// what Debian's docker-registry 2.8.2 answers.
    /// </summary>
    CutMidBody,

    /// <summary>The PATCH is answered 404 BLOB_UPLOAD_UNKNOWN, as for a session the registry has expired.</summary>
    UnknownSession,
}

/// <summary>
/// A registry without authentication on a free 127.0.0.1 port that takes pushes into memory (HEAD and upload
/// sessions for blobs: POST, PATCH, status GET, PUT with the digest it checks; PUT for manifests) and ends the
/// first <see cref="LostSessions"/> sessions that get a second PATCH as <see cref="Loss"/> says.
/// </summary>
public sealed class UploadSessionRegistry : IDisposable
{
    private readonly LoopbackListener _listener;
    private readonly ConcurrentDictionary<int, Session> _sessions = new();
    private int _nextSession;
    private int _lost;

    public UploadSessionRegistry(SessionLoss loss, int lostSessions)
    {
        Loss = loss;
        LostSessions = lostSessions;
        _listener = new LoopbackListener(ServeAsync);
    }

    /// <summary>host:port of the registry.</summary>
    public string Host => _listener.Host;

    /// <summary>How a session is lost.</summary>
    public SessionLoss Loss { get; }

    /// <summary>How many sessions are lost; int.MaxValue loses every session that gets a second PATCH.</summary>
    public int LostSessions { get; }

    /// <summary>The blobs completed, by digest.</summary>
    public ConcurrentDictionary<string, byte[]> Blobs { get; } = new();

    /// <summary>Upload sessions opened (POSTs answered 202).</summary>
    public int SessionsOpened => Volatile.Read(ref _nextSession);

    private sealed class Session
    {
        public MemoryStream Bytes { get; } = new();

        public int Patches { get; set; }

        public bool Invalid { get; set; }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            if (await HttpText.ReadRawHeadAsync(stream) is not { } raw)
            {
                return;
            }
            var lines = Encoding.ASCII.GetString(raw).Split("\r\n");
            string method = lines[0].Split(' ')[0];
            string target = lines[0].Split(' ')[1];
            long length = lines.Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(line => long.Parse(line[(line.IndexOf(':') + 1)..].Trim())).FirstOrDefault();
            string path = target.Split('?')[0];
            if (method == "PATCH" && SessionOf(path) is { Invalid: false } patched && ++patched.Patches == 2
                && Interlocked.Increment(ref _lost) <= LostSessions)
            {
                if (Loss == SessionLoss.CutMidBody)
                {
                    // Half the chunk reaches the registry's upload file before the connection breaks.
                    await CopyAsync(stream, patched.Bytes, length / 2);
                    patched.Invalid = true;
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }
                await CopyAsync(stream, Stream.Null, length);
                _sessions.TryRemove(SessionId(path), out _);
                await Error(stream, "404 Not Found", "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
                return;
            }
            await AnswerAsync(stream, method, target, path, length);
        }
    }

    private async Task AnswerAsync(NetworkStream stream, string method, string target, string path, long length)
    {
        var session = SessionOf(path);
        switch (method)
        {
            case "HEAD" when path.Contains("/blobs/sha256:", StringComparison.Ordinal):
                await HttpText.WriteAsync(stream, Blobs.ContainsKey(path[(path.LastIndexOf('/') + 1)..]) ? "200 OK" : "404 Not Found", "application/octet-stream", "");
                return;
            case "POST" when path.EndsWith("/blobs/uploads/", StringComparison.Ordinal):
                int id = Interlocked.Increment(ref _nextSession);
                _sessions[id] = new Session();
                await HttpText.WriteAsync(stream, "202 Accepted", "text/plain", "", $"Location: {path}{id}", "Range: 0-0");
                return;
            case "PUT" when path.Contains("/manifests/", StringComparison.Ordinal):
                await CopyAsync(stream, Stream.Null, length);
                await HttpText.WriteAsync(stream, "201 Created", "text/plain", "");
                return;
            case "PATCH" or "PUT" or "GET" when session is null:
                await CopyAsync(stream, Stream.Null, length);
                await Error(stream, "404 Not Found", "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
                return;
            case "PATCH" or "PUT" or "GET" when session.Invalid:
                await CopyAsync(stream, Stream.Null, length);
                await Error(stream, "404 Not Found", "BLOB_UPLOAD_INVALID", "blob upload invalid");
                return;
            case "GET":
                await HttpText.WriteAsync(stream, "204 No Content", "text/plain", "", $"Location: {path}", Range(session));
                return;
            case "PATCH":
                await CopyAsync(stream, session.Bytes, length);
                await HttpText.WriteAsync(stream, "202 Accepted", "text/plain", "", $"Location: {path}", Range(session));
                return;
            case "PUT":
                await CopyAsync(stream, session.Bytes, length);
                string digest = Uri.UnescapeDataString(target[(target.IndexOf("digest=", StringComparison.Ordinal) + "digest=".Length)..]);
                byte[] blob = session.Bytes.ToArray();
                if (digest != "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob)))
                {
                    await Error(stream, "400 Bad Request", "DIGEST_INVALID", "provided digest did not match uploaded content");
                    return;
                }
                Blobs[digest] = blob;
                _sessions.TryRemove(SessionId(path), out _);
                await HttpText.WriteAsync(stream, "201 Created", "text/plain", "", $"Docker-Content-Digest: {digest}");
                return;
            default:
                await Error(stream, "404 Not Found", "UNSUPPORTED", $"{method} {path}");
                return;
        }
    }

    private Session? SessionOf(string path) => _sessions.GetValueOrDefault(SessionId(path));

    private static int SessionId(string path) =>
        path.Contains("/blobs/uploads/", StringComparison.Ordinal) && int.TryParse(path[(path.LastIndexOf('/') + 1)..], out int id) ? id : 0;

    private static string Range(Session session) => $"Range: 0-{Math.Max(0, session.Bytes.Length - 1)}";

    private static Task Error(NetworkStream stream, string status, string code, string message) =>
        HttpText.WriteAsync(stream, status, "application/json", $"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{message}\"}}]}}");

    private static async Task CopyAsync(Stream from, Stream to, long count)
    {
        var buffer = new byte[64 * 1024];
        for (long done = 0; done < count;)
        {
            int read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - done)));
            if (read == 0)
            {
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, read));
            done += read;
        }
    }

    public void Dispose() => _listener.Dispose();
}
