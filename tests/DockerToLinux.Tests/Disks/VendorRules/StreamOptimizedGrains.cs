using System.Buffers.Binary;
using System.IO.Compression;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>One compressed grain of a streamOptimized VMDK: where its marker is, the LBA it names and its data size.</summary>
public sealed record StreamGrain(long Offset, long Lba, int Size);

/// <summary>
/// Walks a streamOptimized VMDK marker by marker from the end of its overhead, the way VirtualBox's
/// <c>vmdkStreamReadSequential</c> and a sequential importer read it, independent of d2l's reader.
/// </summary>
public static class StreamOptimizedGrains
{
    /// <summary>Bytes in a grain marker before the compressed data: LBA (u64) and size (u32).</summary>
    public const int MarkerBytes = 12;

    /// <summary>Every grain in file order; fails on a marker that runs past the end or an unknown metadata type.</summary>
    public static List<StreamGrain> Read(byte[] file)
    {
        long overhead = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(64));
        long at = overhead * 512;
        var grains = new List<StreamGrain>();
        while (true)
        {
            Assert.True(at + 512 <= file.Length, $"a marker at {at} runs past the end of the file");
            long value = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan((int)at));
            int size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan((int)at + 8));
            if (size != 0)
            {
                grains.Add(new StreamGrain(at, value, size));
                at += Align(MarkerBytes + size);
                continue;
            }
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)at + 12));
            if (type == 0)
            {
                return grains;
            }
            Assert.True(type is 1 or 2 or 3, $"unknown marker type {type} at {at}");
            at += 512 + value * 512;
        }
    }

    /// <summary>Inflates a grain's zlib stream (RFC 1950).</summary>
    public static byte[] Inflate(byte[] file, StreamGrain grain, int grainBytes)
    {
        using var zlib = new ZLibStream(new MemoryStream(file, (int)grain.Offset + MarkerBytes, grain.Size), CompressionMode.Decompress);
        var data = new byte[grainBytes + 1];
        int read = zlib.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        Assert.Equal(grainBytes, read);
        return data[..grainBytes];
    }

    /// <summary>Rounds up to a whole sector.</summary>
    public static long Align(long bytes) => (bytes + 511) / 512 * 512;
}
