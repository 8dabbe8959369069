using System.Text;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Kernels;

/// <summary>A small kernel image tree in a spool, the way a build holds a kernel image it read.</summary>
public sealed class SpooledKernelImage : IDisposable
{
    private readonly TempDir _folder = new();
    private readonly SpoolContentStore _store;

    public SpooledKernelImage()
    {
        _store = new SpoolContentStore(_folder.Path);
        Tree = new FileTree(_store.Release);
    }

    public FileTree Tree { get; }

    public FsNode File(string path, string text, int mode = 0b110_100_100) => File(path, Encoding.UTF8.GetBytes(text), mode);

    public FsNode File(string path, byte[] bytes, int mode = 0b110_100_100)
    {
        var node = FsNode.NewFile(_store.AddAsync(bytes, default).AsTask().Result, mode);
        Assert.True(Tree.Set(path, node, 0));
        return node;
    }

    public void Link(string path, string target) => Assert.True(Tree.Set(path, FsNode.NewSymlink(target), 0));

    /// <summary>Reads the tree's kernel as a build does.</summary>
    public async Task<LoadedKernelImage> LoadAsync(string? version = null) =>
        new("kernel.tar", Tree, _store, await KernelImageReader.ReadAsync(Tree, _store, "kernel.tar", version, default));

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }
}
