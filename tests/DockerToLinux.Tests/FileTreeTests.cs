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
}
