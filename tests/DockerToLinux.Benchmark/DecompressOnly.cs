using System.Diagnostics;
using System.IO.Compression;
using DockerToLinux.Images;
using DockerToLinux.Images.Isal;

namespace DockerToLinux.Benchmark;

/// <summary>
/// Decompression and nothing else, in this process, of gzip layer blobs into nowhere: with .NET's
/// GZipStream, and with the inflater d2l itself uses (ISA-L where the host has it, fed by the same read-ahead
/// as in a build, without the digest check), so the reader sees how close a build comes to the work it cannot
/// avoid.
/// </summary>
internal static class DecompressOnly
{
    // The output size per read that d2l's inflater is given in a build (ISA-L is slow with small outputs).
    private const int ReadBytes = 1 << 20;

    /// <summary>The name of the inflater d2l uses on this host: "ISA-L" or "zlib-ng".</summary>
    public static string InflaterName => IsalLibrary.Shared is null ? "zlib-ng" : "ISA-L";

    /// <summary>Every blob decompressed by .NET's GZipStream, all at once, one thread per blob.</summary>
    public static Sample DotNet(IReadOnlyList<string> blobs) => Timed(blobs, blob =>
        new GZipStream(new FileStream(blob, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBytes), CompressionMode.Decompress));

    /// <summary>Every blob decompressed by d2l's inflater, all at once, one thread per blob.</summary>
    public static Sample D2lInflater(IReadOnlyList<string> blobs) => Timed(blobs, blob =>
        Compression.Decompress(new ReadAheadStream(File.OpenRead(blob)), CompressionKind.Gzip));

    private static Sample Timed(IReadOnlyList<string> blobs, Func<string, Stream> open)
    {
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(blobs, blob =>
        {
            using var stream = open(blob);
            stream.CopyTo(Stream.Null, ReadBytes);
        });
        return new Sample(watch.Elapsed.TotalSeconds, double.NaN);
    }
}
