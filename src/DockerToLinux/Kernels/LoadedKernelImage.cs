using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>A kernel image flattened into a spool, with the kernel chosen from it.</summary>
public sealed class LoadedKernelImage : IDisposable
{
    private readonly SpoolContentStore _store;

    internal LoadedKernelImage(string name, FileTree tree, SpoolContentStore store, KernelImage kernel)
    {
        Name = name;
        Tree = tree;
        _store = store;
        Kernel = kernel;
    }

    /// <summary>The kernel image as the user named it.</summary>
    public string Name { get; }

    /// <summary>Its flattened root filesystem.</summary>
    public FileTree Tree { get; }

    /// <summary>Where <see cref="Tree"/>'s file bytes are.</summary>
    public IFileContentStore Store => _store;

    /// <summary>The bytes of its files, which bound what copying its kernel adds to a disk.</summary>
    public long Bytes => _store.Length;

    /// <summary>The kernel chosen from it.</summary>
    public KernelImage Kernel { get; }

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();
}
