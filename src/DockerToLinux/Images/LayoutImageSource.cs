namespace DockerToLinux.Images;

/// <summary>
/// An image in a local OCI layout or docker-archive, as a folder or a tar. The archive index (or folder)
/// stays open until disposal because the image's layers read from it.
/// </summary>
internal sealed class LayoutImageSource(string description, string path, string? reference, LayoutKind kind,
    ImageSourceOptions options) : IImageSource
{
    private IBlobStore? _store;

    public string Description => description;

    public async Task<ContainerImage> OpenAsync(CancellationToken cancellationToken)
    {
        _store ??= kind == LayoutKind.OciDirectory ? OpenFolder() : await TarArchiveBlobStore.OpenAsync(path, cancellationToken);
        // Docker 25+ saves carry both files; their index.json is the complete description, so it wins.
        if (_store.GetLength("index.json") is not null)
        {
            return await new OciLayoutReader(_store, description, options).ReadAsync(reference, cancellationToken);
        }
        if (_store.GetLength("manifest.json") is not null && kind != LayoutKind.OciDirectory)
        {
            return await new DockerArchiveReader(_store, description).ReadAsync(reference, cancellationToken);
        }
        throw D2lException.BadInput(description, kind switch
        {
            LayoutKind.OciDirectory => "no index.json: not an OCI layout folder",
            LayoutKind.OciArchive => "no index.json in the archive: not an OCI archive",
            _ => "neither index.json nor manifest.json in the archive: not an OCI or docker-archive image",
        });
    }

    private DirectoryBlobStore OpenFolder()
    {
        if (!Directory.Exists(path))
        {
            throw D2lException.BadInput(description, File.Exists(path) ? "is a file, not an OCI layout folder" : "no such folder");
        }
        return new DirectoryBlobStore(path);
    }

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        _store = null;
        return ValueTask.CompletedTask;
    }
}
