using System.Text;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Boot;

/// <summary>Builds small root filesystems for stage tests, backed by a <see cref="MemoryContentStore"/>.</summary>
internal sealed class TreeBuilder
{
    public TreeBuilder()
    {
        Tree = new FileTree(Store.Release);
    }

    public MemoryContentStore Store { get; } = new();

    public FileTree Tree { get; }

    public FsNode File(string path, string text, int mode = 0b110_100_100) => File(path, Encoding.UTF8.GetBytes(text), mode);

    public FsNode File(string path, byte[] bytes, int mode = 0b110_100_100)
    {
        var node = FsNode.NewFile(Store.AddAsync(bytes, default).AsTask().Result, mode);
        Assert.True(Tree.Set(path, node, 0));
        return node;
    }

    public void Link(string path, string target) => Assert.True(Tree.Set(path, FsNode.NewSymlink(target), 0));

    public string Text(string path) =>
        Encoding.UTF8.GetString(MemoryContentStore.Bytes(Tree.Resolve(path)!.Content!));
}
