using DockerToLinux.RootFs;

namespace DockerToLinux.Tests;

public class FileTreeTests
{
    [Fact]
    public void A_path_through_a_symlink_to_an_absolute_target_resolves_inside_the_root()
    {
        var tree = new FileTree(_ => { });
        tree.Set("usr/lib", FsNode.NewDirectory(), 0);
        tree.Set("lib", FsNode.NewSymlink("/usr/lib"), 0);
        var dir = FsNode.NewDirectory();
        Assert.True(tree.Set("lib/modules", dir, 1));
        Assert.Same(dir, tree.Lookup("usr/lib/modules")!.Node);
    }

    [Fact]
    public void Dot_dot_at_the_root_stays_at_the_root()
    {
        var tree = new FileTree(_ => { });
        var dir = FsNode.NewDirectory();
        Assert.True(tree.Set("../../etc", dir, 0));
        Assert.Same(dir, tree.Lookup("/etc")!.Node);
    }

    [Theory]
    [InlineData("usr/bin", "usr/bin")]
    [InlineData("usr/bin/", "usr/bin")]
    [InlineData("./usr//bin/.", "usr/bin")]
    [InlineData("/usr/./bin//", "usr/bin")]
    [InlineData("a/../b", "a/../b")]
    [InlineData(".", "")]
    [InlineData("./", "")]
    [InlineData("", "")]
    [InlineData("./.wh..wh..opq", ".wh..wh..opq")]
    public void A_path_normalizes_to_its_split_components_joined_by_single_slashes(string path, string expected)
    {
        Assert.Equal(expected, FileTree.NormalizePath(path));
        Assert.Equal(string.Join('/', FileTree.SplitPath(path)), FileTree.NormalizePath(path));
    }

    [Fact]
    public void A_path_already_normal_is_returned_as_the_same_string()
    {
        string path = "usr/share/doc";
        Assert.Same(path, FileTree.NormalizePath(path));
    }

    [Fact]
    public void Every_spelling_of_a_path_finds_the_same_node_and_a_missing_parent_is_not_created_by_a_lookup()
    {
        var tree = new FileTree(_ => { });
        var file = FsNode.NewFile(new TestContent());
        Assert.True(tree.Set("usr/lib/x86_64-linux-gnu/libc.so.6", file, 0));

        foreach (string spelling in new[] { "usr/lib/x86_64-linux-gnu/libc.so.6", "./usr//lib/./x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" })
        {
            Assert.Same(file, tree.Lookup(spelling)!.Node);
        }
        Assert.Null(tree.Lookup("usr/missing/file"));
        Assert.Null(tree.Lookup("usr/missing"));
        Assert.Null(tree.ParentOf("usr/lib/x86_64-linux-gnu/libc.so.6/below", -1, create: false, out _));
        Assert.False(tree.Set("usr/lib/x86_64-linux-gnu/libc.so.6/below", FsNode.NewDirectory(), 0));
    }

    [Fact]
    public void A_directory_reached_through_a_symlink_on_the_way_is_the_symlinks_target()
    {
        var tree = new FileTree(_ => { });
        tree.Set("usr/lib", FsNode.NewDirectory(), 0);
        tree.Set("lib", FsNode.NewSymlink("usr/lib"), 0);

        var parent = tree.ParentOf("lib/modules/6.1", 1, create: true, out string name);

        Assert.Equal("6.1", name);
        Assert.Same(tree.Lookup("usr/lib/modules")!.Node, parent);
        Assert.Equal(NodeKind.Symlink, tree.Lookup("lib")!.Node.Kind);
    }

    private sealed class TestContent : FileContent
    {
        public override long Length => 0;
    }
}
