using DockerToLinux.RootFs;

namespace DockerToLinux.Accounts;

/// <summary>Home directories and SSH keys: what <c>useradd -m</c> and <c>ssh-copy-id</c> leave behind.</summary>
public static class HomeDirectory
{
    /// <summary>The skeleton useradd copies into a new home.</summary>
    public const string Skeleton = "/etc/skel";

    private const int PrivateDirectory = 0b111_000_000;
    private const int PrivateFile = 0b110_000_000;

    /// <summary>Makes <paramref name="home"/> from the image's /etc/skel, owned by the user, unless it exists.</summary>
    /// <returns>False when the image already had that directory (it is left as it is).</returns>
    public static async Task<bool> CreateAsync(TreeWriter writer, string home, long uid, long gid, int mode)
    {
        if (writer.Tree.Lookup(home) is not null)
        {
            return false;
        }
        writer.EnsureDirectory(home[..home.LastIndexOf('/')] is { Length: > 0 } parent ? parent : "/");
        var directory = FsNode.NewDirectory(mode);
        Own(directory, uid, gid, writer.Time);
        Set(writer, home, directory);
        if (writer.Tree.Resolve(Skeleton) is { Kind: NodeKind.Directory } skeleton)
        {
            await CopyAsync(writer, skeleton, home, uid, gid).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Appends keys to <c>HOME/.ssh/authorized_keys</c>: <c>.ssh</c> 0700 and the file 0600, both owned by the
    /// user, as sshd's StrictModes requires. Keys already in the file are not repeated.
    /// </summary>
    public static async Task AddKeysAsync(TreeWriter writer, string home, long uid, long gid, IReadOnlyList<string> keys)
    {
        string sshDirectory = home.TrimEnd('/') + "/.ssh";
        if (writer.Tree.Lookup(sshDirectory)?.Node is not { Kind: NodeKind.Directory })
        {
            writer.EnsureDirectory(home);
            var directory = FsNode.NewDirectory(PrivateDirectory);
            Own(directory, uid, gid, writer.Time);
            Set(writer, sshDirectory, directory);
        }
        string path = sshDirectory + "/authorized_keys";
        string existing = await writer.ReadTextAsync(path).ConfigureAwait(false) ?? string.Empty;
        var present = existing.Split('\n').Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);
        string text = existing.Length == 0 || existing.EndsWith('\n') ? existing : existing + "\n";
        text += string.Concat(keys.Where(key => !present.Contains(key)).Distinct(StringComparer.Ordinal).Select(key => key + "\n"));
        var file = await writer.WriteTextAsync(path, text, PrivateFile, PrivateFile).ConfigureAwait(false);
        file.Uid = uid;
        file.Gid = gid;
    }

    private static async Task CopyAsync(TreeWriter writer, FsNode source, string targetPath, long uid, long gid)
    {
        foreach (var (name, entry) in source.Entries!.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var from = entry.Node;
            string path = $"{targetPath}/{name}";
            FsNode copy;
            switch (from.Kind)
            {
                case NodeKind.Directory:
                    copy = FsNode.NewDirectory(from.Permissions);
                    break;
                case NodeKind.RegularFile:
                    await using (var stream = writer.Store.OpenRead(from.Content!))
                    {
                        var content = await writer.Store.AddAsync(stream, from.Content!.Length, writer.CancellationToken).ConfigureAwait(false);
                        copy = FsNode.NewFile(content, from.Permissions);
                    }
                    break;
                case NodeKind.Symlink:
                    copy = FsNode.NewSymlink(from.LinkTarget!);
                    break;
                default:
                    continue;
            }
            Own(copy, uid, gid, writer.Time);
            Set(writer, path, copy);
            if (from.Kind == NodeKind.Directory)
            {
                await CopyAsync(writer, from, path, uid, gid).ConfigureAwait(false);
            }
        }
    }

    private static void Own(FsNode node, long uid, long gid, FsTimestamp time)
    {
        node.Uid = uid;
        node.Gid = gid;
        node.ModificationTime = time;
    }

    private static void Set(TreeWriter writer, string path, FsNode node)
    {
        if (!writer.Tree.Set(path, node, TreeFiles.GeneratedLayer))
        {
            throw new D2lException(FailureKind.BadInput, $"cannot create {path}: a part of its path is not a directory in the image");
        }
        writer.Written.Add(path);
    }
}
