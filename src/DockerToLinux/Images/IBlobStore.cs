namespace DockerToLinux.Images;

/// <summary>
/// Files of an image layout (index.json, manifest.json, blobs/sha256/…) by their path inside it, whether
/// the layout is a folder or a tar archive. Blobs are opened as streams, never loaded whole.
/// </summary>
internal interface IBlobStore : IDisposable
{
    /// <summary>The folder or archive, for messages.</summary>
    string Description { get; }

    /// <summary>The size of the file at <paramref name="path"/>, or null when there is none.</summary>
    long? GetLength(string path);

    /// <summary>Opens the file at <paramref name="path"/> for reading; it must exist.</summary>
    Stream Open(string path);
}
