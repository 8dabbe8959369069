using System.Formats.Tar;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// The names, kinds and sizes of a module folder's contents, relative to the folder: enough to tell the
/// same kernel's modules (one package, one build) from another's without reading hundreds of MiB.
/// </summary>
public sealed class ModuleListing
{
    private readonly SortedDictionary<string, (NodeKind Kind, long Size)> _entries;

    private ModuleListing(SortedDictionary<string, (NodeKind Kind, long Size)> entries) => _entries = entries;

    /// <summary>How many entries the folder holds, at any depth.</summary>
    public int Count => _entries.Count;

    /// <summary>Lists the folder <paramref name="directory"/> of <paramref name="tree"/>; empty if it is not a directory.</summary>
    public static ModuleListing FromTree(FileTree tree, string directory)
    {
        var entries = new SortedDictionary<string, (NodeKind, long)>(StringComparer.Ordinal);
        var pending = new Stack<(string Prefix, FsNode Directory)>();
        if (tree.Resolve(directory) is { Kind: NodeKind.Directory } root)
        {
            pending.Push((string.Empty, root));
        }
        while (pending.Count > 0)
        {
            var (prefix, folder) = pending.Pop();
            foreach (var (name, entry) in folder.Entries!)
            {
                entries[prefix + name] = (entry.Node.Kind, entry.Node.Size);
                if (entry.Node.Kind == NodeKind.Directory)
                {
                    pending.Push((prefix + name + "/", entry.Node));
                }
            }
        }
        return new ModuleListing(entries);
    }

    /// <summary>Lists the members of the tar in <paramref name="tar"/> whose names start with <paramref name="memberPrefix"/>.</summary>
    public static async Task<ModuleListing> FromTarAsync(Stream tar, string memberPrefix, CancellationToken cancellationToken)
    {
        var entries = new SortedDictionary<string, (NodeKind, long)>(StringComparer.Ordinal);
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            string name = string.Join('/', FileTree.SplitPath(entry.Name));
            if (!name.StartsWith(memberPrefix, StringComparison.Ordinal) || name.Length == memberPrefix.Length)
            {
                continue;
            }
            var kind = entry.EntryType switch
            {
                TarEntryType.Directory => NodeKind.Directory,
                TarEntryType.SymbolicLink => NodeKind.Symlink,
                _ => NodeKind.RegularFile,
            };
            long size = kind == NodeKind.Symlink ? System.Text.Encoding.UTF8.GetByteCount(entry.LinkName) : kind == NodeKind.Directory ? 0 : entry.Length;
            entries[name[memberPrefix.Length..]] = (kind, size);
        }
        return new ModuleListing(entries);
    }

    /// <summary>True if both list the same names with the same kinds and sizes.</summary>
    public bool SameAs(ModuleListing other) => _entries.Count == other._entries.Count && _entries.SequenceEqual(other._entries);
}
