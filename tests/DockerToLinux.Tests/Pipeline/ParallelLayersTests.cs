using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Pipeline;

/// <summary>
/// Layers read at the same time each write into a region of their own; a layer that outgrows its region
/// continues after all of them, in layer order. The disk must not depend on how many layers were read at once.
/// </summary>
public class ParallelLayersTests
{
    [Fact]
    public async Task One_two_and_four_layers_at_once_give_byte_identical_disks_with_a_clean_filesystem_and_the_right_files()
    {
        using var temp = new TempDir();
        string layout = WriteImage(temp.File("layout"));

        var disks = new List<string>();
        foreach (int atOnce in new[] { 1, 2, 4 })
        {
            string disk = temp.File($"jobs-{atOnce}.img");
            await BuildAsync(layout, disk, atOnce, sourceDateEpoch: 1_700_000_000);
            disks.Add(disk);
        }

        Tool.Run("cmp", disks[0], disks[1]).EnsureSuccess("cmp of --jobs 1 and --jobs 2");
        Tool.Run("cmp", disks[0], disks[2]).EnsureSuccess("cmp of --jobs 1 and --jobs 4");
        string partition = temp.File("partition.img");
        CopyPartition(disks[1], partition);
        Tool.Run("e2fsck", "-fn", partition).EnsureSuccess("e2fsck -fn");
        Assert.Equal("base 17\n", Cat(partition, "/base/f-017"));
        Assert.Equal("changed by layer 1\n", Cat(partition, "/base/f-003"));
        Assert.Contains("File not found", Debugfs(partition, "stat /base/f-005"));
        // Layers 1 and 3 hold many one-line files: 4 KiB each in ext4 for 1 KiB in the tar, more than their regions.
        Assert.Equal("tiny 1 0\n", Cat(partition, "/tiny1/t-0000"));
        Assert.Equal("tiny 1 1499\n", Cat(partition, "/tiny1/t-1499"));
        Assert.Equal("tiny 3 999\n", Cat(partition, "/tiny3/t-0999"));
        Assert.Equal(Big(), Dump(partition, "/big/blob"));
        Assert.Contains("Links: 2", Debugfs(partition, "stat /big/link-to-f-010"));
        Assert.Contains("File not found", Debugfs(partition, "stat /tiny1/t-0007"));
        // Where the blocks went: layer 1 starts in its own region, below layer 2's, and its last files overflowed
        // past every region, after layer 2's data; layer 3 overflowed after layer 1's overflow.
        Assert.True(Block(partition, "/tiny1/t-0000") < Block(partition, "/big/blob"));
        Assert.True(Block(partition, "/tiny1/t-1499") > Block(partition, "/big/blob"));
        Assert.True(Block(partition, "/tiny3/t-0999") > Block(partition, "/tiny1/t-1499"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Cancelling_while_layers_are_read_stops_every_layer_and_leaves_no_file(int atOnce)
    {
        using var temp = new TempDir();
        string layout = WriteImage(temp.File("layout"));
        using var cancel = new CancellationTokenSource();
        // Cancelled the moment the third layer starts: one layer is being read, one may wait for a free slot.
        var progress = new CancelOn(message => message.StartsWith("layer 3/4", StringComparison.Ordinal), cancel);

        var build = new DiskBuilder().BuildAsync(new BuildOptions
        {
            Source = $"oci:{layout}",
            OutputPath = temp.File("disk.img"),
            Bootloader = Bootloader.None,
            LayersAtOnce = atOnce,
        }, progress, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Errors_come_out_in_layer_order_even_when_a_later_layer_fails_first_and_nothing_is_written(int atOnce)
    {
        using var temp = new TempDir();
        // Layer 0 fails only when it is applied (at its end); layer 1 fails as soon as it is read.
        var layer0 = new TestLayer().Dir("a");
        for (int i = 0; i < 200; i++)
        {
            layer0.File($"a/f-{i:000}", new string('a', 5000));
        }
        layer0.HardLink("a/link", "a/missing");
        var layer1 = new TestLayer().File("b/../../escape", "x");
        string layout = temp.File("layout");
        OciLayoutWriter.WriteLayout(layout, [OciLayoutWriter.Gzip(layer0.ToArray()), OciLayoutWriter.Gzip(layer1.ToArray())]);
        string disk = temp.File("disk.img");

        var error = await Assert.ThrowsAsync<D2lException>(() => BuildAsync(layout, disk, atOnce));

        Assert.Contains("hard link 'a/link' to missing 'a/missing'", error.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));

        // Without layer 0's fault, layer 1's own error is the one reported.
        string fixedLayout = temp.File("fixed");
        OciLayoutWriter.WriteLayout(fixedLayout, [OciLayoutWriter.Gzip(new TestLayer().Dir("a").File("a/f", "f").ToArray()),
            OciLayoutWriter.Gzip(layer1.ToArray())]);
        var second = await Assert.ThrowsAsync<D2lException>(() => BuildAsync(fixedLayout, disk, atOnce));
        Assert.Contains("climbs out of the root", second.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private sealed class CancelOn(Func<string, bool> when, CancellationTokenSource cancel) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value)
        {
            if (when(value.Message))
            {
                cancel.Cancel();
            }
        }
    }

    private static Task<BuildResult> BuildAsync(string layout, string disk, int atOnce, long? sourceDateEpoch = null) =>
        new DiskBuilder().BuildAsync(new BuildOptions
        {
            Source = $"oci:{layout}",
            OutputPath = disk,
            Bootloader = Bootloader.None,
            SourceDateEpoch = sourceDateEpoch,
            LayersAtOnce = atOnce,
        }, null, CancellationToken.None);

    private static long Block(string partition, string path) =>
        long.Parse(Tool.Run("debugfs", "-R", $"bmap {path} 0", partition).EnsureSuccess("debugfs bmap").StdOut.Trim());

    private static string WriteImage(string layout)
    {
        var layer0 = new TestLayer().Dir("base");
        for (int i = 0; i < 40; i++)
        {
            layer0.File($"base/f-{i:000}", $"base {i}\n" + (i % 4 == 0 ? new string('x', 20_000) : ""));
        }
        var layer1 = new TestLayer().Dir("base").File("base/f-003", "changed by layer 1\n").Whiteout("base/f-005").Dir("tiny1");
        for (int i = 0; i < 1500; i++)
        {
            layer1.File($"tiny1/t-{i:0000}", $"tiny 1 {i}\n");
        }
        var layer2 = new TestLayer().Dir("big").File("big/blob", System.Text.Encoding.ASCII.GetString(Big()))
            .HardLink("big/link-to-f-010", "base/f-010").Whiteout("tiny1/t-0007");
        var layer3 = new TestLayer().Dir("tiny3");
        for (int i = 0; i < 1000; i++)
        {
            layer3.File($"tiny3/t-{i:0000}", $"tiny 3 {i}\n");
        }
        OciLayoutWriter.WriteLayout(layout, [.. new[] { layer0, layer1, layer2, layer3 }.Select(layer => OciLayoutWriter.Gzip(layer.ToArray()))]);
        return layout;
    }

    // Three mebibytes of random letters: they do not compress to nothing and have no all-zero block.
    private static byte[] Big()
    {
        var random = new Random(7);
        var bytes = new byte[3 << 20];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)('a' + random.Next(26));
        }
        return bytes;
    }

    private static void CopyPartition(string disk, string partition)
    {
        using var input = File.OpenRead(disk);
        input.Position = DiskLayout.For(Bootloader.None, PartitionTable.Mbr).RootStart;
        using var output = File.Create(partition);
        input.CopyTo(output);
    }

    private static string Debugfs(string partition, string request)
    {
        var result = Tool.Run("debugfs", "-R", request, partition);
        return result.StdOut + result.StdErr;
    }

    private static string Cat(string partition, string path) => System.Text.Encoding.Latin1.GetString(Dump(partition, path));

    private static byte[] Dump(string partition, string path)
    {
        string target = partition + ".dump";
        File.Delete(target);
        Tool.Run("debugfs", "-R", $"dump {path} {target}", partition).EnsureSuccess($"debugfs dump {path}");
        return File.Exists(target) ? File.ReadAllBytes(target) : [];
    }
}
