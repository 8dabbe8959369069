using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Tests.Ext4;

public class Ext4DataTests
{
    private static byte[] Expected(long length, Func<long, bool> isData)
    {
        var bytes = new byte[length];
        for (long i = 0; i < length; i++)
        {
            bytes[i] = PatternStream.ByteAt(i, isData);
        }
        return bytes;
    }

    private static async Task<FsNode> AddPatternAsync(DockerToLinux.Ext4.Ext4Builder builder, FileTree tree, string path,
        long length, Func<long, bool> isData)
    {
        var content = await builder.AddAsync(new PatternStream(length, isData), length, CancellationToken.None);
        var node = FsNode.NewFile(content);
        tree.Set(path, node, 0);
        return node;
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(2000, 2)]
    public async Task A_file_with_more_than_four_extents_gets_an_extent_tree(int extents, int depth)
    {
        static bool EveryOther(long block) => block % 2 == 0;
        long length = (extents * 2 - 1) * 4096L + 100;
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
            await AddPatternAsync(builder, tree, "holey", length, EveryOther));
        image.AssertClean();
        Assert.Equal(Expected(length, EveryOther), image.Cat("/holey"));
        string tree = image.Debugfs("ex /holey");
        Assert.Contains($" 0/ {depth} ", tree);
        Assert.Contains($"Blockcount: {(extents + (depth == 1 ? 1 : 7)) * 8}", image.Debugfs("stat /holey"));
    }

    [Fact]
    public async Task A_directory_with_2000_entries_spans_several_blocks()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var content = await builder.AddAsync("shared"u8.ToArray(), CancellationToken.None);
            for (int i = 0; i < 2000; i++)
            {
                var node = FsNode.NewFile(content);
                tree.Set($"many/entry-with-a-longish-name-{i:D5}", i % 2 == 0 ? FsNode.NewSymlink($"target-{i}") : FsNode.NewDirectory(), 0);
            }
        });
        image.AssertClean();
        string listing = image.Debugfs("ls /many");
        Assert.Contains("entry-with-a-longish-name-00000", listing);
        Assert.Contains("entry-with-a-longish-name-01999", listing);
        string stat = image.Debugfs("stat /many");
        Assert.Contains("Links: 1002", stat);
        Assert.DoesNotContain("Size: 4096\n", stat);
    }

    [Fact]
    public async Task A_sparse_file_larger_than_2_GiB_keeps_its_size_and_only_its_data_blocks()
    {
        const long length = 3L << 30;
        static bool EndsOnly(long block) => block == 0 || block == length / 4096 - 1;
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
            await AddPatternAsync(builder, tree, "sparse", length, EndsOnly));
        image.AssertClean();
        string stat = image.Debugfs("stat /sparse");
        Assert.Contains($"Size: {length}", stat);
        Assert.Contains("Blockcount: 16", stat);
        long lastBlock = length / 4096 - 1;
        long physical = long.Parse(image.Debugfs($"bmap /sparse {lastBlock}").Trim());
        var bytes = new byte[4096];
        using (var file = File.OpenRead(image.Path))
        {
            file.Position = physical * 4096;
            file.ReadExactly(bytes);
        }
        Assert.Equal(Expected(4096, _ => true).Select((_, i) => PatternStream.ByteAt(lastBlock * 4096 + i, EndsOnly)), bytes);
    }

    [Fact]
    public async Task Data_beyond_the_first_group_spreads_over_several_block_groups()
    {
        const long length = 140L << 20;
        static bool All(long block) => true;
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            await AddPatternAsync(builder, tree, "big", length, All);
            await Ext4TestImage.AddFileAsync(builder, tree, "after", "after the big one"u8.ToArray());
        });
        image.AssertClean();
        Assert.True(image.Result.GroupCount >= 3);
        Assert.Equal(Expected(length, All), image.Cat("/big"));
        Assert.Equal("after the big one"u8.ToArray(), image.Cat("/after"));
    }

    [Fact]
    public async Task A_released_files_secret_does_not_remain_in_the_image()
    {
        byte[] secret = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("TOP-SECRET-d2l-0123456789|", 400)));
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            await Ext4TestImage.AddFileAsync(builder, tree, "etc/shadow-", secret);
            await Ext4TestImage.AddFileAsync(builder, tree, "etc/keep", "kept"u8.ToArray());
            Assert.True(tree.Remove("etc/shadow-"));
        });
        image.AssertClean();
        byte[] disk = await File.ReadAllBytesAsync(image.Path);
        Assert.Equal(-1, disk.AsSpan().IndexOf("TOP-SECRET-d2l"u8));
        Assert.Equal("kept"u8.ToArray(), image.Cat("/etc/keep"));
    }

    [Fact]
    public async Task Pinned_content_sits_at_the_sectors_GetSectors_reports_even_after_an_overwrite()
    {
        byte[] data = Expected(3 * 4096 + 700, block => block != 1);
        byte[] patched = data.ToArray();
        patched[5000] = 0x5A;
        IReadOnlyList<long> sectors = [];
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var content = await builder.AddPinnedAsync(data, CancellationToken.None);
            sectors = builder.GetSectors(content);
            await builder.OverwriteAsync(content, patched, CancellationToken.None);
            var node = FsNode.NewFile(content, 0b100_100_100);
            tree.Set("boot/ldlinux.sys", node, 0);
        });
        image.AssertClean();
        Assert.Equal((data.Length + 511) / 512, sectors.Count);
        using var file = File.OpenRead(image.Path);
        var sector = new byte[512];
        for (int i = 0; i < sectors.Count; i++)
        {
            file.Position = sectors[i] * 512;
            file.ReadExactly(sector);
            int count = Math.Min(512, patched.Length - i * 512);
            Assert.True(sector.AsSpan(0, count).SequenceEqual(patched.AsSpan(i * 512, count)), $"sector {i}");
        }
        Assert.Contains($"Blockcount: {4 * 8}", image.Debugfs("stat /boot/ldlinux.sys"));
    }

    [Fact]
    public async Task Stored_content_reads_back_with_holes_as_zeros()
    {
        static bool Middle(long block) => block == 1;
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await AddPatternAsync(builder, tree, "f", 3 * 4096 + 10, Middle);
            using var stream = builder.OpenRead(node.Content!);
            var read = new MemoryStream();
            await stream.CopyToAsync(read);
            Assert.Equal(Expected(3 * 4096 + 10, Middle), read.ToArray());
        });
        image.AssertClean();
    }
}
