using DockerToLinux.Images;
using DockerToLinux.RootFs;

namespace DockerToLinux.Inspect;

/// <summary>
/// <c>d2l inspect</c>: opens an image, streams every layer once through the same flattening as a build
/// (into a tree that keeps names and sizes, no file contents), and reports per layer what it adds, changes,
/// deletes and wastes, plus whether the result can boot.
/// </summary>
public static class ImageInspector
{
    /// <summary>Inspects the image <paramref name="reference"/> names.</summary>
    /// <exception cref="D2lException">The image cannot be read.</exception>
    public static Task<ImageReport> InspectAsync(string reference, ImageSourceOptions options, IProgress<BuildProgress>? progress,
        CancellationToken cancellationToken) =>
        InspectAsync(reference, options, null, null, progress, cancellationToken);

    /// <summary>Inspects the image <paramref name="reference"/> names, judged with the kernel image <paramref name="kernel"/> names.</summary>
    /// <param name="reference">The image.</param>
    /// <param name="options">How images are fetched.</param>
    /// <param name="kernel">A kernel image to judge the image with (as <c>d2l build --kernel</c> would use it), or null.</param>
    /// <param name="kernelVersion">Which of its kernels, or null for the newest.</param>
    /// <param name="progress">Reports each step.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="D2lException">The image or the kernel image cannot be read.</exception>
    public static async Task<ImageReport> InspectAsync(string reference, ImageSourceOptions options, string? kernel, string? kernelVersion,
        IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        await using var source = ImageSource.Parse(reference, options);
        progress?.Report(new BuildProgress(BuildStage.Read, $"reading {source.Description}"));
        var image = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var store = new CountingContentStore();
        var tree = new FileTree(store.Release);
        var steps = image.Config.History.Where(step => !step.EmptyLayer).ToList();
        var layers = new List<(ImageLayer Layer, long Uncompressed, int Added, int Changed, int Deleted)>();
        for (int i = 0; i < image.Layers.Count; i++)
        {
            var layer = image.Layers[i];
            string message = $"layer {i + 1}/{image.Layers.Count} {layer.Digest.ToString()[..19]}";
            progress?.Report(new BuildProgress(BuildStage.Flatten, message, 0, layer.Size));
            var bytes = progress is null ? null : new LayerByteProgress(progress, BuildStage.Flatten, message, layer.Size);
            var before = Paths(tree);
            store.CurrentLayer = i;
            await using (var tar = await layer.OpenTarAsync(bytes, cancellationToken).ConfigureAwait(false))
            {
                var counting = new CountingReadStream(tar);
                await LayerApplier.ApplyAsync(tree, counting, i, $"layer {layer.Digest}", store, cancellationToken).ConfigureAwait(false);
                int added = 0, changed = 0;
                var after = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (path, entry) in tree.Walk())
                {
                    after.Add(path);
                    if (entry.Layer != i)
                    {
                        continue;
                    }
                    if (!before.TryGetValue(path, out var wasDirectory))
                    {
                        added++;
                    }
                    else if (!(wasDirectory && entry.Node.Kind == NodeKind.Directory))
                    {
                        changed++;
                    }
                }
                layers.Add((layer, counting.Count, added, changed, before.Keys.Count(path => !after.Contains(path))));
            }
        }
        var config = image.Config;
        var pairing = kernel is null ? null
            : await KernelPairingCheck.JudgeAsync(tree, source.Description, kernel, kernelVersion, options, progress, cancellationToken)
                .ConfigureAwait(false);
        return new ImageReport(
            source.Description,
            image.Name,
            image.Digest.ToString(),
            image.ConfigDigest?.ToString(),
            new Platform(config.Os, config.Architecture, config.Variant).ToString(),
            config.Created,
            config.Env,
            config.Entrypoint,
            config.Cmd,
            config.User,
            config.History,
            layers.Select((item, i) => new LayerReport(item.Layer.Digest.ToString(), item.Layer.MediaType, item.Layer.Size,
                item.Uncompressed, item.Added, item.Changed, item.Deleted, store.WastedBytes(i),
                // History and layers line up only when the history lists one non-empty step per layer.
                steps.Count == image.Layers.Count ? steps[i].CreatedBy : null)).ToList(),
            BootabilityCheck.Judge(tree, pairing: pairing,
                inittab: await InittabReader.ReadAsync(image, tree, cancellationToken).ConfigureAwait(false),
                hasProcess: (config.Entrypoint ?? []).Count + (config.Cmd ?? []).Count > 0));
    }

    // Every path with whether it is a directory, so that a directory merging into one is not a change.
    private static Dictionary<string, bool> Paths(FileTree tree)
    {
        var paths = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (path, entry) in tree.Walk())
        {
            paths[path] = entry.Node.Kind == NodeKind.Directory;
        }
        return paths;
    }
}
