using System.Text;
using DockerToLinux.RootFs;
using DockerToLinux.SystemPrep;

namespace DockerToLinux.Accounts;

/// <summary>
/// One preparation's access to the tree: reads text files, writes files through <see cref="TreeFiles"/> with
/// the build's time, and records every path written or removed.
/// </summary>
internal sealed class TreeWriter(FileTree tree, IFileContentStore store, DateTimeOffset clock, CancellationToken cancellationToken)
{
    /// <summary>The tree.</summary>
    public FileTree Tree => tree;

    /// <summary>The content store.</summary>
    public IFileContentStore Store => store;

    /// <summary>The time given to everything written.</summary>
    public FsTimestamp Time { get; } = FsTimestamp.FromDateTimeOffset(clock);

    /// <summary>The build's clock.</summary>
    public DateTimeOffset Clock => clock;

    /// <summary>Cancels storing.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Paths written so far.</summary>
    public List<string> Written { get; } = [];

    /// <summary>Paths removed so far.</summary>
    public List<string> Removed { get; } = [];

    /// <summary>The text of a regular file (following links), or null when there is none.</summary>
    public Task<string?> ReadTextAsync(string path) => TreeFiles.ReadTextAsync(tree, store, path, cancellationToken);

    /// <summary>Writes a file; an existing one keeps its owner and mode unless <paramref name="forceMode"/> is set.</summary>
    public async Task<FsNode> WriteTextAsync(string path, string text, int newFileMode, int? forceMode = null)
    {
        var node = await TreeFiles.WriteAsync(tree, store, path, Encoding.UTF8.GetBytes(text), newFileMode, Time,
            cancellationToken, forceMode).ConfigureAwait(false);
        Written.Add(path);
        return node;
    }

    /// <summary>Writes a file from <paramref name="length"/> bytes of <paramref name="source"/>, as <see cref="WriteTextAsync"/> does text.</summary>
    public async Task<FsNode> WriteStreamAsync(string path, Stream source, long length, int newFileMode, int? forceMode = null)
    {
        var node = await TreeFiles.WriteAsync(tree, store, path, source, length, newFileMode, Time, cancellationToken, forceMode)
            .ConfigureAwait(false);
        Written.Add(path);
        return node;
    }

    /// <summary>Makes a directory (and missing parents) and records it when it is new.</summary>
    public FsNode EnsureDirectory(string path)
    {
        bool existed = tree.Resolve(path) is { Kind: NodeKind.Directory };
        var directory = TreeFiles.EnsureDirectory(tree, path, Time);
        if (!existed)
        {
            Written.Add(path);
        }
        return directory;
    }

    /// <summary>Makes a symlink.</summary>
    public void Link(string path, string target)
    {
        TreeLinks.Link(tree, path, target, Time);
        Written.Add(path);
    }

    /// <summary>Enables a systemd unit for a target.</summary>
    public void Enable(string target, string unitPath) => Written.Add(TreeLinks.Enable(tree, target, unitPath, Time));

    /// <summary>Removes a path, recording it when something was there.</summary>
    public void Remove(string path)
    {
        if (tree.Remove(path))
        {
            Removed.Add(path);
        }
    }
}
