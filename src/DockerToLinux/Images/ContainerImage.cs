namespace DockerToLinux.Images;

/// <summary>
/// An opened image: its configuration and its layers, base first. The layers read from the
/// <see cref="IImageSource"/> that opened it, so they are usable until that source is disposed.
/// </summary>
internal sealed class ContainerImage
{
    /// <summary>Creates an image description.</summary>
    public ContainerImage(string name, Digest digest, ImageConfig config, IReadOnlyList<ImageLayer> layers)
    {
        Name = name;
        Digest = digest;
        Config = config;
        Layers = layers;
    }

    /// <summary>A human-readable name: the tag or reference it was opened by, else the input's path.</summary>
    public string Name { get; }

    /// <summary>The manifest's digest, or the config's digest where the format has no manifest blob (docker-archive).</summary>
    public Digest Digest { get; }

    /// <summary>The image configuration.</summary>
    public ImageConfig Config { get; }

    /// <summary>The config blob's digest, where the format names one.</summary>
    public Digest? ConfigDigest { get; init; }

    /// <summary>The layers, base layer first.</summary>
    public IReadOnlyList<ImageLayer> Layers { get; }
}
