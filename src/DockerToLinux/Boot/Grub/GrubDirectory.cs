using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Grub;

/// <summary>
/// One GRUB platform directory (such as <c>/usr/lib/grub/x86_64-efi</c>) as read from the image, else from this
/// machine: its images (<c>kernel.img</c>…), modules and lists. All files come from one of the two, because
/// modules must match the kernel they are linked into at run time.
/// </summary>
/// <param name="Images">The requested <c>*.img</c> files by file name.</param>
/// <param name="Modules">Every <c>*.mod</c> by name without extension.</param>
/// <param name="Lists">Every <c>*.lst</c> by file name (moddep.lst, command.lst…).</param>
/// <param name="Origin">Where the directory was read.</param>
public sealed record GrubDirectory(IReadOnlyDictionary<string, byte[]> Images, IReadOnlyDictionary<string, byte[]> Modules,
    IReadOnlyDictionary<string, byte[]> Lists, BootCodeOrigin Origin)
{
    private const long MaxFileSize = 4 * Units.MiB;

    /// <summary>The parsed <c>moddep.lst</c>.</summary>
    public IReadOnlyDictionary<string, string[]> Dependencies =>
        GrubModuleOrder.ParseModDep(System.Text.Encoding.ASCII.GetString(Lists.GetValueOrDefault("moddep.lst") ?? []));

    /// <summary>True if the image, else this machine, has <paramref name="directory"/> with a <c>kernel.img</c>.</summary>
    /// <param name="tree">The image's root filesystem.</param>
    /// <param name="reader">Knows where this machine's files are.</param>
    /// <param name="directory">The platform directory.</param>
    /// <param name="inImage">True to look only in the image, false to look only on this machine.</param>
    public static bool Exists(FileTree tree, BootFileReader reader, string directory, bool inImage) =>
        inImage
            ? tree.Resolve(directory + "/kernel.img") is { Kind: NodeKind.RegularFile }
            : File.Exists(reader.HostPath(directory + "/kernel.img"));

    /// <summary>
    /// Reads the directory from the image if it has <c>kernel.img</c> there, else from this machine; null if the
    /// chosen directory lacks one of <paramref name="images"/> or <c>moddep.lst</c>.
    /// </summary>
    /// <param name="tree">The image's root filesystem.</param>
    /// <param name="store">Where the tree's file bytes are.</param>
    /// <param name="reader">Knows where this machine's files are.</param>
    /// <param name="directory">The platform directory.</param>
    /// <param name="images">The <c>*.img</c> files the caller needs.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<GrubDirectory?> ReadAsync(FileTree tree, IFileContentStore store, BootFileReader reader, string directory,
        IReadOnlyCollection<string> images, CancellationToken cancellationToken)
    {
        bool inImage = Exists(tree, reader, directory, inImage: true);
        IEnumerable<string> names = inImage
            ? TreePaths.List(tree, directory)
            : System.IO.Directory.Exists(reader.HostPath(directory))
                ? System.IO.Directory.EnumerateFiles(reader.HostPath(directory)).Select(Path.GetFileName).OfType<string>()
                : [];
        var modules = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var lists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            bool isModule = name.EndsWith(".mod", StringComparison.Ordinal), isList = name.EndsWith(".lst", StringComparison.Ordinal);
            if (!(isModule || isList || images.Contains(name))
                || await ReadOneAsync(tree, store, reader, inImage, $"{directory}/{name}", cancellationToken).ConfigureAwait(false)
                    is not { } bytes)
            {
                continue;
            }
            (isModule ? modules : isList ? lists : found)[isModule ? name[..^4] : name] = bytes;
        }
        return images.All(found.ContainsKey) && lists.ContainsKey("moddep.lst")
            ? new GrubDirectory(found, modules, lists, new BootCodeOrigin(inImage, directory))
            : null;
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
