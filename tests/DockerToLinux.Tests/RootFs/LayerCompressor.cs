using System.IO.Compression;

namespace DockerToLinux.Tests.RootFs;

/// <summary>Compresses test layers the way image builders do.</summary>
public static class LayerCompressor
{
    public static byte[] Gzip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }
        return output.ToArray();
    }

    public static byte[] Zstd(byte[] tar)
    {
        var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, 3, leaveOpen: true))
        {
            zstd.Write(tar);
        }
        return output.ToArray();
    }
}
