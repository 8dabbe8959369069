namespace DockerToLinux.Images;

/// <summary>Where an image comes from: an archive, a layout folder, later a registry.</summary>
internal interface IImageSource : IAsyncDisposable
{
    /// <summary>The reference as the user gave it, for messages.</summary>
    string Description { get; }

    /// <summary>Reads the index, manifest and config and returns the image; layers are read later, on demand.</summary>
    /// <exception cref="D2lException">The input is missing, malformed or not a supported image.</exception>
    Task<ContainerImage> OpenAsync(CancellationToken cancellationToken);
}
