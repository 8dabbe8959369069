using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Tests.Ext4;

public class Ext4NodeTests
{
    [Fact]
    public async Task A_small_tree_passes_e2fsck_and_reads_back_through_debugfs()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            await Ext4TestImage.AddFileAsync(builder, tree, "etc/hostname", "d2l\n"u8.ToArray());
            await Ext4TestImage.AddFileAsync(builder, tree, "usr/bin/tool", Enumerable.Range(0, 10000).Select(i => (byte)(i % 251)).ToArray(), 0b111_101_101);
            await Ext4TestImage.AddFileAsync(builder, tree, "empty", []);
        });
        image.AssertClean();
        Assert.Equal("d2l\n"u8.ToArray(), image.Cat("/etc/hostname"));
        Assert.Equal(Enumerable.Range(0, 10000).Select(i => (byte)(i % 251)).ToArray(), image.Cat("/usr/bin/tool"));
        Assert.Empty(image.Cat("/empty"));
        string root = image.Debugfs("ls -l /");
        Assert.Contains("lost+found", root);
        Assert.Contains("Mode: 0700", image.Debugfs("stat /lost+found"));
        Assert.Contains("Size: 16384", image.Debugfs("stat /lost+found"));
    }

    [Fact]
    public async Task Every_file_type_is_stored_as_e2fsprogs_expects()
    {
        string longTarget = "/" + string.Join("/", Enumerable.Repeat("a-rather-long-directory-name", 5));
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            await Ext4TestImage.AddFileAsync(builder, tree, "file", "x"u8.ToArray());
            tree.Set("dir/sub", FsNode.NewDirectory(), 0);
            tree.Set("fast", FsNode.NewSymlink("file"), 0);
            tree.Set("slow", FsNode.NewSymlink(longTarget), 0);
            tree.Set("null", FsNode.NewSpecial(NodeKind.CharacterDevice, 1, 3), 0);
            tree.Set("big", FsNode.NewSpecial(NodeKind.CharacterDevice, 300, 70000), 0);
            tree.Set("sda", FsNode.NewSpecial(NodeKind.BlockDevice, 8, 0), 0);
            tree.Set("pipe", FsNode.NewSpecial(NodeKind.Fifo), 0);
            tree.Set("sock", FsNode.NewSpecial(NodeKind.Socket), 0);
        });
        image.AssertClean();
        Assert.Contains("Type: directory", image.Debugfs("stat /dir"));
        Assert.Contains("Links: 3", image.Debugfs("stat /dir"));
        Assert.Contains("Links: 4", image.Debugfs("stat /"));
        Assert.Contains("Fast link dest: \"file\"", image.Debugfs("stat /fast"));
        Assert.Contains($"Size: {longTarget.Length}", image.Debugfs("stat /slow"));
        Assert.Equal(Encoding.UTF8.GetBytes(longTarget), image.Cat("/slow"));
        Assert.Contains("Device major/minor number: 01:03", image.Debugfs("stat /null"));
        Assert.Contains("Device major/minor number: 300:70000", image.Debugfs("stat /big"));
        Assert.Contains("Type: block special", image.Debugfs("stat /sda"));
        Assert.Contains("Type: FIFO", image.Debugfs("stat /pipe"));
        Assert.Contains("Type: socket", image.Debugfs("stat /sock"));
    }

    [Fact]
    public async Task Hard_links_share_one_inode_that_counts_its_names()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await Ext4TestImage.AddFileAsync(builder, tree, "bin/a", "same"u8.ToArray());
            tree.Set("bin/b", node, 0);
            tree.Set("usr/c", node, 0);
        });
        image.AssertClean();
        string stat = image.Debugfs("stat /usr/c");
        Assert.Contains("Links: 3", stat);
        Assert.Equal(image.Debugfs("stat /bin/a").Split('\n')[0], stat.Split('\n')[0]);
        Assert.Equal("same"u8.ToArray(), image.Cat("/bin/b"));
    }

    [Fact]
    public async Task Large_owner_ids_and_setuid_setgid_sticky_bits_survive()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await Ext4TestImage.AddFileAsync(builder, tree, "suid", "x"u8.ToArray(), 0b110_111_101_101);
            node.Uid = 100_000;
            node.Gid = 70_000;
            var tmp = FsNode.NewDirectory(0b1_111_111_111);
            tree.Set("tmp", tmp, 0);
        });
        image.AssertClean();
        string stat = image.Debugfs("stat /suid");
        Assert.Contains("Mode: 06755", stat);
        Assert.Contains("User: 100000 Group: 70000", stat);
        Assert.Contains("Mode: 01777", image.Debugfs("stat /tmp"));
    }

    [Theory]
    [InlineData(-1_000_000_000L, 123_456_789)]
    [InlineData(-1L, 999_999_999)]
    [InlineData(3_000_000_000L, 500)]
    [InlineData(5_000_000_000L, 1)]
    public async Task Times_before_1970_and_after_2038_keep_their_nanoseconds(long seconds, int nanoseconds)
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await Ext4TestImage.AddFileAsync(builder, tree, "f", "x"u8.ToArray());
            node.ModificationTime = new FsTimestamp(seconds, nanoseconds);
        });
        image.AssertClean();
        int low = unchecked((int)seconds);
        uint epoch = (uint)((seconds - low) >> 32) & 3;
        string expected = $"0x{(uint)low:x8}:{((uint)nanoseconds << 2) | epoch:x8}";
        string stat = image.Debugfs("stat /f");
        Assert.Contains($"mtime: {expected}", stat);
        Assert.Contains($"crtime: {expected}", stat);
        Assert.Contains($"ctime: {expected}", stat);
    }
}
