namespace DockerToLinux.Tests.Support;

/// <summary>Reads a stream to its end in pieces of a chosen size, the way tests exercise a stream's edges.</summary>
public static class StreamReading
{
    /// <summary>Everything <paramref name="stream"/> gives, read <paramref name="readSize"/> bytes at a time.</summary>
    public static byte[] ReadAllInPieces(this Stream stream, int readSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }
}
