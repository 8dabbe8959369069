using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// Reads GRUB's i386-pc directory from the image (its grub-pc-bin package), else from this machine. All files
/// come from one of the two: modules must match the kernel they are linked into at run time.
/// </summary>
public static class GrubPcLocator
{
    private const long MaxFileSize = 4 << 20;

    /// <summary>Reads the files.</summary>
    /// <exception cref="D2lException">Neither the image nor this machine has a complete i386-pc directory.</exception>
    public static async Task<GrubPcFiles> LocateAsync(FileTree tree, IFileContentStore store, BootFileReader reader, string imageName,
        CancellationToken cancellationToken)
    {
        string dir = GrubPcFiles.Directory;
        bool inImage = tree.Resolve(dir + "/kernel.img") is { Kind: NodeKind.RegularFile };
        IEnumerable<string> names = inImage
            ? TreePaths.List(tree, dir)
            : System.IO.Directory.Exists(reader.HostPath(dir))
                ? System.IO.Directory.EnumerateFiles(reader.HostPath(dir)).Select(Path.GetFileName).OfType<string>()
                : [];
        var modules = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var lists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        BootCodeOrigin? origin = null;
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            bool wanted = name.EndsWith(".mod", StringComparison.Ordinal) || name.EndsWith(".lst", StringComparison.Ordinal)
                || name is "boot.img" or "diskboot.img" or "lzma_decompress.img" or "kernel.img";
            if (!wanted || await ReadOneAsync(tree, store, reader, inImage, $"{dir}/{name}", cancellationToken).ConfigureAwait(false)
                is not { } bytes)
            {
                continue;
            }
            origin ??= new BootCodeOrigin(inImage, dir);
            if (name.EndsWith(".mod", StringComparison.Ordinal))
            {
                modules[name[..^4]] = bytes;
            }
            else if (name.EndsWith(".lst", StringComparison.Ordinal))
            {
                lists[name] = bytes;
            }
            else
            {
                images[name] = bytes;
            }
        }
        string[] required = ["boot.img", "diskboot.img", "lzma_decompress.img", "kernel.img"];
        if (origin is null || required.Any(r => !images.ContainsKey(r)) || !lists.ContainsKey("moddep.lst")
            || images["boot.img"].Length != 512 || images["diskboot.img"].Length != 512)
        {
            throw D2lException.BadInput(imageName, $"no complete GRUB i386-pc directory ({dir}): install grub-pc-bin in the image "
                + "(see templates/) or on this machine");
        }
        return new GrubPcFiles(images["boot.img"], images["diskboot.img"], images["lzma_decompress.img"], images["kernel.img"],
            modules, lists, origin);
    }

    private static async Task<byte[]?> ReadOneAsync(FileTree tree, IFileContentStore store, BootFileReader reader, bool inImage,
        string path, CancellationToken cancellationToken)
    {
        if (inImage)
        {
            if (tree.Resolve(path) is not { Kind: NodeKind.RegularFile, Content: { } content } || content.Length > MaxFileSize)
            {
                return null;
            }
            var bytes = new byte[content.Length];
            await using var stream = store.OpenRead(content);
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
        var info = new FileInfo(reader.HostPath(path));
        return info.Exists && info.Length <= MaxFileSize
            ? await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false)
            : null;
    }
}
