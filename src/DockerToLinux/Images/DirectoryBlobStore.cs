namespace DockerToLinux.Images;

/// <summary>An OCI layout folder (<c>oci:DIR</c>), read in place.</summary>
internal sealed class DirectoryBlobStore(string root) : IBlobStore
{
    public string Description => root;

    public long? GetLength(string path)
    {
        var info = new FileInfo(Resolve(path));
        return info.Exists ? info.Length : null;
    }

    public Stream Open(string path) =>
        new FileStream(Resolve(path), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
            FileOptions.Asynchronous | FileOptions.SequentialScan);

    // Paths come from JSON inside the layout; a ".." in them must not read files outside it.
    private string Resolve(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(part => part is ".." or "."))
        {
            throw D2lException.BadInput(root, $"path '{path}' leaves the layout");
        }
        return Path.Combine([root, .. parts]);
    }

    public void Dispose()
    {
    }
}
