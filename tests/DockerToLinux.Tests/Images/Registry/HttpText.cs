using System.Text;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>Just enough HTTP/1.1 for the tests' little servers: read a request head, write a whole response.</summary>
public static class HttpText
{
    /// <summary>Reads up to the blank line; returns the request line's target and the headers (keys in lower case).</summary>
    public static async Task<(string Target, Dictionary<string, string> Headers)?> ReadHeadAsync(Stream stream)
    {
        var head = await ReadRawHeadAsync(stream);
        if (head is null)
        {
            return null;
        }
        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1).Where(line => line.Contains(':')))
        {
            headers[line[..line.IndexOf(':')].Trim().ToLowerInvariant()] = line[(line.IndexOf(':') + 1)..].Trim();
        }
        return (requestLine.Length > 1 ? requestLine[1] : "/", headers);
    }

    /// <summary>The raw bytes of a request or response head, up to and including the blank line.</summary>
    public static async Task<byte[]?> ReadRawHeadAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                return [.. buffer];
            }
        }
        return null;
    }

    /// <summary>Writes a complete response and flushes it; the connection closes after it.</summary>
    public static async Task WriteAsync(Stream stream, string status, string contentType, string body, params string[] extraHeaders)
    {
        var data = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {data.Length}\r\nConnection: close\r\n");
        foreach (string header in extraHeaders)
        {
            head.Append(header).Append("\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(data);
        await stream.FlushAsync();
    }
}
