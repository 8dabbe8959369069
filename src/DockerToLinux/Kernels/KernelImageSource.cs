using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// A kernel image named for a build (<c>--kernel</c>): opened like any image, with the same readers and
/// verification, so its digest is known before the disk's identifiers are made; its layers are flattened
/// only when its kernel is needed (<see cref="LoadAsync"/>).
/// </summary>
internal sealed class KernelImageSource : IAsyncDisposable
{
    private readonly IImageSource _source;
    private readonly ContainerImage _image;
    private LoadedKernelImage? _loaded;

    private KernelImageSource(IImageSource source, ContainerImage image)
    {
        _source = source;
        _image = image;
    }

    /// <summary>The kernel image as the user named it.</summary>
    public string Name => _source.Description;

    /// <summary>Its manifest digest, which reproducible identifiers derive from.</summary>
    public string Digest => _image.Digest.ToString();

    /// <summary>The most its files can take, judged from its layers' declared sizes.</summary>
    public long DeclaredBytes => _image.Layers.Sum(layer => layer.PlausibleMostBytes(20));

    /// <summary>Opens the kernel image <paramref name="reference"/> names (manifest and config only).</summary>
    /// <exception cref="D2lException">The image cannot be read.</exception>
    public static async Task<KernelImageSource> OpenAsync(string reference, ImageSourceOptions options, CancellationToken cancellationToken)
    {
        var source = ImageSource.Parse(reference, options);
        try
        {
            return new KernelImageSource(source, await source.OpenAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Flattens the image into a spool in <paramref name="spoolFolder"/> and picks its kernel; a second call
    /// returns the first one's result.
    /// </summary>
    /// <param name="version">The release to take, or null for the newest.</param>
    /// <param name="spoolFolder">Where the flattened files wait to be copied (the output's folder).</param>
    /// <param name="progress">Reports each layer.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="D2lException">A damaged layer, no kernel, no such version, or a kernel no boot loader starts.</exception>
    public async Task<LoadedKernelImage> LoadAsync(string? version, string spoolFolder, IProgress<BuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (_loaded is not null)
        {
            return _loaded;
        }
        var store = new SpoolContentStore(spoolFolder);
        try
        {
            var tree = new FileTree(store.Release);
            for (int i = 0; i < _image.Layers.Count; i++)
            {
                var layer = _image.Layers[i];
                string message = $"kernel layer {i + 1}/{_image.Layers.Count} {layer.Digest.ToString()[..19]}";
                progress?.Report(new BuildProgress(BuildStage.Flatten, message, 0, layer.Size));
                var bytes = progress is null ? null : new LayerByteProgress(progress, BuildStage.Flatten, message, layer.Size);
                await using var tar = await layer.OpenTarAsync(bytes, cancellationToken).ConfigureAwait(false);
                await LayerApplier.ApplyAsync(tree, tar, i, $"{Name} layer {layer.Digest}", store, cancellationToken).ConfigureAwait(false);
            }
            var kernel = await KernelImageReader.ReadAsync(tree, store, Name, version, cancellationToken).ConfigureAwait(false);
            return _loaded = new LoadedKernelImage(Name, tree, store, kernel);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _loaded?.Dispose();
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}
