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
        _store ??= kind == LayoutKind.OciDirectory ? OpenFolder() : await TarArchiveBlobStore.OpenAsync(path, description, cancellationToken);
        bool hasManifest = _store.GetLength("manifest.json") is not null;
        // Docker 25+ saves carry both files; their index.json is the complete description (platforms, nested
        // indexes), so it wins when it lists the image. It does not for an untagged image ("manifests": null)
        // nor for a "name:tag" reference it records only as "docker.io/library/name:tag", and Docker 25.0.0's
        // index manifests list no layers at all; manifest.json, which `docker load` itself reads, is right in
        // all three cases.
        if (_store.GetLength("index.json") is not null)
        {
            var layout = new OciLayoutReader(_store, description, options);
            if (!hasManifest)
            {
                return await layout.ReadAsync(reference, cancellationToken);
            }
            if (await layout.ListsImageAsync(reference, cancellationToken))
            {
                try
                {
                    return await layout.ReadAsync(reference, cancellationToken);
                }
                catch (D2lException indexError) when (indexError.Kind == FailureKind.BadInput)
                {
                    return await ReadManifestJsonOrAsync(indexError, cancellationToken);
                }
            }
        }
        else if (kind == LayoutKind.OciDirectory)
        {
            return ContainersDirectory.Holds(_store)
                ? await ContainersDirectory.ReadAsync(_store, description, options, cancellationToken)
                : throw D2lException.BadInput(description, "no index.json: not an OCI layout folder");
        }
        if (hasManifest)
        {
            return await new DockerArchiveReader(_store, description).ReadAsync(reference, cancellationToken);
        }
        throw D2lException.BadInput(description, IsPre110Save(_store)
            ? "a docker save from before Docker 1.10 (layer folders with 'json' and 'layer.tar', no manifest.json), "
              + "which d2l does not read: load it into Docker and save it again"
            : kind == LayoutKind.OciArchive
                ? "no index.json in the archive: not an OCI archive"
                : "neither index.json nor manifest.json in the archive: not an OCI or docker-archive image");
    }

    // When index.json does not give the image, what manifest.json gives is what `docker load` would take; when
    // neither gives it, the index's reason is the one to report.
    private async Task<ContainerImage> ReadManifestJsonOrAsync(D2lException indexError, CancellationToken cancellationToken)
    {
        try
        {
            return await new DockerArchiveReader(_store!, description).ReadAsync(reference, cancellationToken);
        }
        catch (D2lException error) when (error.Kind == FailureKind.BadInput)
        {
            throw indexError;
        }
    }

    // Docker before 1.10 saved each layer as a folder "<id>/" holding VERSION, json (the v1 image with its
    // parent's id) and layer.tar; manifest.json came with 1.10's content-addressed images.
    private static bool IsPre110Save(IBlobStore store) =>
        store is TarArchiveBlobStore archive && archive.Paths.Any(file =>
            file.Split('/') is [{ Length: 64 }, "json" or "layer.tar" or "VERSION"]);

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
