using System.Formats.Tar;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Finds the kernel release in LinuxKit's <c>/kernel.tar</c>: the name of the folder under
/// <c>lib/modules/</c>. LinuxKit puts one kernel's modules in it, so the first such member decides and
/// the rest of a tar of hundreds of MiB is not read.
/// </summary>
internal static class LinuxKitModules
{
    /// <summary>The module tree in the tar at <paramref name="tarPath"/>, or null if it has no <c>lib/modules/V</c>.</summary>
    /// <exception cref="D2lException">The tar is damaged.</exception>
    public static async Task<(string Version, ModuleTree Tree)?> FindAsync(FileTree tree, IFileContentStore store, string tarPath,
        string imageName, CancellationToken cancellationToken)
    {
        if (tree.Resolve(tarPath) is not { Kind: NodeKind.RegularFile, Content: { } content })
        {
            return null;
        }
        await using var stream = store.OpenRead(content);
        try
        {
            await using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var parts = FileTree.SplitPath(entry.Name);
                if (parts.Count >= 3 && parts[0] == "lib" && parts[1] == "modules" && parts[2] != "..")
                {
                    return (parts[2], new ModuleTree(ModuleTreeKind.Tar, tarPath, $"lib/modules/{parts[2]}/"));
                }
            }
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw D2lException.BadInput(imageName, $"{tarPath} is not a readable tar: {error.Message}", error);
        }
        return null;
    }
}
