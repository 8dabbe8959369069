using System.Formats.Tar;
using System.Text;
using DockerToLinux.AppInit;
using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Inspect;

/// <summary>
/// Reads the image's <c>/etc/inittab</c> back from the layer that last wrote it: an inspection keeps no file
/// contents, and whether busybox init boots the image or d2l's app init does depends on the programs it names.
/// </summary>
internal static class InittabReader
{
    private const int MaxBytes = 1 << 20;

    /// <summary>The text of <c>/etc/inittab</c>, or null when the image has none (or it is not a plain file in its layer).</summary>
    public static async Task<string?> ReadAsync(ContainerImage image, FileTree tree, CancellationToken cancellationToken)
    {
        if (tree.Resolve(ImageInit.InittabPath) is not { Kind: NodeKind.RegularFile, Content: { } content }
            || CountingContentStore.LayerOf(content) is not { } layer || TreePaths.Canonical(tree, ImageInit.InittabPath) is not { } path)
        {
            return null;
        }
        string member = path.TrimStart('/');
        string? text = null;
        await using var tar = await image.Layers[layer].OpenTarAsync(null, cancellationToken).ConfigureAwait(false);
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (string.Join('/', FileTree.SplitPath(entry.Name)) != member)
            {
                continue;
            }
            // The last entry of the name in a layer is the one that stands.
            text = null;
            if (entry is { EntryType: TarEntryType.RegularFile or TarEntryType.V7RegularFile, Length: <= MaxBytes, DataStream: { } data })
            {
                using var lines = new StreamReader(data, Encoding.UTF8, leaveOpen: true);
                text = await lines.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        return text;
    }
}
