using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DockerToLinux.Ext4;
using DockerToLinux.RootFs;

namespace DockerToLinux.Tests.Ext4;

public class Ext4SizingTests
{
    private static long Field(string summary, string name) =>
        long.Parse(Regex.Match(summary, $@"{Regex.Escape(name)}: (\d+)").Groups[1].Value);

    [Fact]
    public async Task Automatic_size_adds_room_in_whole_MiB_and_dumpe2fs_agrees()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
            await Ext4TestImage.AddFileAsync(builder, tree, "data", Enumerable.Repeat((byte)7, 3 << 20).ToArray()));
        image.AssertClean();
        var result = image.Result;
        Assert.Equal(0, result.SizeBytes % (1 << 20));
        Assert.InRange(result.SizeBytes, 512L << 20, 600L << 20);
        string summary = image.SuperblockSummary();
        Assert.Equal(result.BlockCount, Field(summary, "Block count"));
        Assert.Equal(result.SizeBytes / 4096, result.BlockCount);
        Assert.Equal(result.InodeCount, Field(summary, "Inode count"));
        Assert.Equal(result.GroupCount * Field(summary, "Inodes per group"), result.InodeCount);
        Assert.Equal(4096, Field(summary, "Total journal blocks"));
        Assert.Contains("Filesystem features: has_journal ext_attr dir_index filetype extent sparse_super large_file dir_nlink extra_isize", summary);
        Assert.Contains("Filesystem UUID: 11111111-2222-3333-4444-555555555555", summary);
        Assert.Contains("Filesystem volume name: d2l-test", summary);
    }

    [Fact]
    public async Task A_fixed_size_is_used_exactly()
    {
        using var image = await Ext4TestImage.BuildAsync(
            async (builder, tree) => await Ext4TestImage.AddFileAsync(builder, tree, "a", "a"u8.ToArray()),
            Ext4TestImage.Options(sizeBytes: 300L << 20));
        image.AssertClean();
        Assert.Equal(300L << 20, image.Result.SizeBytes);
        Assert.Equal(3, image.Result.GroupCount);
    }

    [Fact]
    public async Task A_fixed_size_that_is_too_small_is_reported_as_bad_input()
    {
        var error = await Assert.ThrowsAsync<DockerToLinux.Ext4.FilesystemFullException>(() => Ext4TestImage.BuildAsync(
            async (builder, tree) => await Ext4TestImage.AddFileAsync(builder, tree, "big", Enumerable.Repeat((byte)1, 12 << 20).ToArray()),
            Ext4TestImage.Options(sizeBytes: 8L << 20)));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Equal(Setting.DiskSize, error.Setting);
        Assert.StartsWith("a filesystem of 8 MiB is too small", error.Message);
    }

    [Fact]
    public async Task Content_beyond_the_largest_allowed_size_is_refused()
    {
        var error = await Assert.ThrowsAsync<D2lException>(() => Ext4TestImage.BuildAsync(
            async (builder, tree) => await Ext4TestImage.AddFileAsync(builder, tree, "big", Enumerable.Repeat((byte)1, 40 << 20).ToArray()),
            Ext4TestImage.Options(maxSizeBytes: 32L << 20)));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Contains("exceeds 32 MiB", error.Message);
    }

    [Fact]
    public async Task More_files_than_one_group_has_inodes_for_use_the_next_groups_tables()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var empty = await builder.AddAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None);
            for (int i = 0; i < 9000; i++)
            {
                tree.Set($"d{i % 10}/f{i}", FsNode.NewFile(empty), 0);
            }
            await Ext4TestImage.AddFileAsync(builder, tree, "zz/last", "last"u8.ToArray());
        });
        image.AssertClean();
        Assert.True(image.Result.UsedInodes > 8192);
        Assert.Equal("last"u8.ToArray(), image.Cat("/zz/last"));
    }

    [Fact]
    public async Task Two_builds_of_the_same_tree_are_byte_identical()
    {
        static async Task Populate(Ext4Builder builder, FileTree tree)
        {
            for (int i = 0; i < 50; i++)
            {
                var node = await Ext4TestImage.AddFileAsync(builder, tree, $"d{i % 7}/f{i}", Enumerable.Repeat((byte)i, i * 300).ToArray());
                node.Xattrs["user.i"] = [(byte)i];
            }
            tree.Set("link", FsNode.NewSymlink("d1/f1"), 0);
        }
        using var first = await Ext4TestImage.BuildAsync(Populate);
        using var second = await Ext4TestImage.BuildAsync(Populate);
        first.AssertClean();
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(first.Path)), SHA256.HashData(File.ReadAllBytes(second.Path)));
    }
}
