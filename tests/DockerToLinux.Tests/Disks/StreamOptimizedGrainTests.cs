using DockerToLinux.Disks;
using DockerToLinux.Disks.Vmdk;
using DockerToLinux.Tests.Disks.VendorRules;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>streamOptimized grains stay within the buffer VirtualBox reads a grain into, whatever the data.</summary>
public sealed class StreamOptimizedGrainTests : IDisposable
{
    private const int GrainBytes = 65536;
    // VirtualBox VMDK.cpp, vmdkAllocStreamBuffers: RT_ALIGN_Z(grain + 8 + sizeof(VMDKMARKER) = 16, 512).
    private const int VirtualBoxGrainBuffer = 66048;
    private readonly TempDir _temp = new();

    [Fact]
    public void A_random_grain_becomes_stored_blocks_of_65552_bytes_that_inflate_to_it()
    {
        var grain = new byte[GrainBytes];
        new Random(7).NextBytes(grain);
        var output = new MemoryStream();

        GrainCompressor.Compress(grain, output);

        Assert.Equal(65552, output.Length);
        Assert.Equal(GrainCompressor.MaxCompressedLength(GrainBytes), output.Length);
        var file = new byte[512 + 12 + output.Length];
        output.ToArray().CopyTo(file, 12);
        Assert.Equal(grain, StreamOptimizedGrains.Inflate(file, new StreamGrain(0, 0, (int)output.Length), GrainBytes));
    }

    [Fact]
    public async Task Every_grain_of_incompressible_data_fits_VirtualBoxs_grain_buffer_and_inflates_to_what_was_written()
    {
        var random = new byte[5 << 20];
        new Random(11).NextBytes(random);
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("compressible line of text\n", 40_000)));
        string path = _temp.File("disk.vmdk");
        var stamp = new DiskStamp(Guid.Parse("5b0c1f7e-4a2d-4e3b-9c8f-1d2e3f4a5b6c"), Guid.Parse("6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"),
            new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var target = new StreamOptimizedVmdkDiskTarget(path, "disk.vmdk", stamp))
        {
            await target.WriteAsync(1 << 20, random, CancellationToken.None);
            await target.WriteAsync(8L << 20, text, CancellationToken.None);
            await target.CompleteAsync(16L << 20, CancellationToken.None);
        }
        var file = File.ReadAllBytes(path);

        var grains = StreamOptimizedGrains.Read(file);

        Assert.Equal((random.Length + text.Length + GrainBytes - 1) / GrainBytes, grains.Count);
        Assert.All(grains, grain => Assert.True(StreamOptimizedGrains.Align(StreamOptimizedGrains.MarkerBytes + grain.Size) <= VirtualBoxGrainBuffer,
            $"the grain at {grain.Offset} takes {grain.Size} bytes"));
        Assert.Contains(grains, grain => grain.Size < GrainBytes / 4);
        foreach (var grain in grains.Where(g => g.Lba * 512 < (1 << 20) + random.Length))
        {
            long start = grain.Lba * 512 - (1 << 20);
            Assert.Equal(random.AsSpan((int)start, GrainBytes).ToArray(), StreamOptimizedGrains.Inflate(file, grain, GrainBytes));
        }
    }

    public void Dispose() => _temp.Dispose();
}
