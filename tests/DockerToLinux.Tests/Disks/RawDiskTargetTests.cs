using DockerToLinux.Disks;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>
/// The raw target mixes direct writes (large, page-aligned) with ordinary ones on the same file; what a
/// reader of the file sees must be exactly the sequence of writes, whichever path each took.
/// </summary>
public sealed class RawDiskTargetTests
{
    [Fact]
    public async Task Direct_and_buffered_writes_and_zeroing_read_back_in_the_order_they_were_made()
    {
        using var temp = new TempDir();
        string path = temp.File("disk.img");
        const int Size = 24 << 20;
        var expected = new byte[Size];
        var random = new Random(3);
        var aligned = IoBuffer.Rent(4 << 20);
        await using (var disk = new RawDiskTarget(path))
        {
            for (int round = 0; round < 4; round++)
            {
                // A direct-sized write at a page-aligned offset, then small writes and zeroing that overlap it.
                random.NextBytes(aligned.GetSpan());
                long at = random.Next(0, (Size - aligned.Length) / 4096) * 4096L;
                await disk.WriteAsync(at, aligned.Memory, CancellationToken.None);
                aligned.GetSpan().CopyTo(expected.AsSpan((int)at));

                byte[] small = new byte[random.Next(1, 10_000)];
                random.NextBytes(small);
                long smallAt = at + random.Next(0, aligned.Length - small.Length);
                await disk.WriteAsync(smallAt, small, CancellationToken.None);
                small.CopyTo(expected.AsSpan((int)smallAt));

                long zeroAt = at + random.Next(0, aligned.Length / 2);
                int zeroLength = random.Next(1, aligned.Length / 2);
                await disk.ZeroAsync(zeroAt, zeroLength, CancellationToken.None);
                expected.AsSpan((int)zeroAt, zeroLength).Clear();

                // What the target reads back already reflects every write.
                var back = new byte[aligned.Length];
                await disk.ReadAsync(at, back, CancellationToken.None);
                Assert.True(expected.AsSpan((int)at, back.Length).SequenceEqual(back), $"read-back differs in round {round}");
            }
            if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("D2L_DIRECT_IO") != "0")
            {
                Assert.True(disk.DirectWrites > 0, "no write took the direct path");
            }
            await disk.CompleteAsync(Size, CancellationToken.None);
        }
        Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(path)), "the file differs from the writes");
    }

    [Fact]
    public async Task A_zeroed_range_becomes_a_hole_again_and_takes_no_space()
    {
        using var temp = new TempDir();
        string path = temp.File("disk.img");
        var data = IoBuffer.Rent(8 << 20);
        new Random(4).NextBytes(data.GetSpan());
        await using (var disk = new RawDiskTarget(path))
        {
            await disk.WriteAsync(0, data.Memory, CancellationToken.None);
            await disk.ZeroAsync(1 << 20, 6 << 20, CancellationToken.None);
            await disk.CompleteAsync(8 << 20, CancellationToken.None);
        }
        byte[] back = File.ReadAllBytes(path);
        Assert.True(back.AsSpan(1 << 20, 6 << 20).IndexOfAnyExcept((byte)0) < 0, "the zeroed range does not read as zeros");
        Assert.True(back.AsSpan(0, 1 << 20).SequenceEqual(data.GetSpan().Slice(0, 1 << 20)), "the bytes before the range changed");
        Assert.True(back.AsSpan(7 << 20).SequenceEqual(data.GetSpan().Slice(7 << 20)), "the bytes after the range changed");
        // stat's %b counts 512-byte blocks: 2 MiB of data stay allocated, the 6 MiB hole does not.
        long blocks = long.Parse(Tool.Run("stat", "-c", "%b", path).EnsureSuccess("stat").StdOut.Trim());
        Assert.InRange(blocks * 512, 2 << 20, 3 << 20);
    }
}
