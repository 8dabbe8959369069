using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// Reads an image from an OCI layout (folder or archive, and Docker 25+ saves): index.json, then nested
/// indexes down to one manifest for the wanted platform, then its config; every blob read is verified.
/// </summary>
internal sealed class OciLayoutReader(IBlobStore store, string input, ImageSourceOptions options)
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string ContainerdNameAnnotation = "io.containerd.image.name";
    private const int MaxIndexDepth = 8;

    /// <summary>
    /// True when index.json lists an image (named <paramref name="reference"/>, when given). Docker 25+ saves
    /// of an untagged image write <c>"manifests": null</c> and name the image only in manifest.json.
    /// </summary>
    public async Task<bool> ListsImageAsync(string? reference, CancellationToken cancellationToken)
    {
        var index = await ReadIndexAsync(cancellationToken);
        return index.Child("manifests") is { ValueKind: JsonValueKind.Array } manifests
            && manifests.EnumerateArray().Any(item => item.ValueKind == JsonValueKind.Object
                && (reference is null || Names(item).Contains(reference)));
    }

    /// <summary>Opens the image named <paramref name="reference"/> (a ref.name annotation), or the only one.</summary>
    public async Task<ContainerImage> ReadAsync(string? reference, CancellationToken cancellationToken)
    {
        var descriptors = Descriptors(await ReadIndexAsync(cancellationToken), "index.json");
        if (reference is not null)
        {
            var named = descriptors.Where(descriptor => Names(descriptor).Contains(reference)).ToList();
            if (named.Count == 0)
            {
                var known = descriptors.SelectMany(Names).Distinct().ToList();
                throw D2lException.BadInput(input, $"no image named '{reference}' in index.json (has: {(known.Count == 0 ? "no names" : string.Join(", ", known))})");
            }
            descriptors = named;
        }
        var chosen = IndexSelection.Select(descriptors, options, input, "index.json");
        string name = reference ?? Names(chosen).FirstOrDefault() ?? input;
        return await ResolveAsync(chosen, name, depth: 0, cancellationToken);
    }

    /// <summary>
    /// Opens the image (or, for an index, the chosen platform's image) that <paramref name="descriptor"/> points
    /// at, for layouts that name their image without an index.json.
    /// </summary>
    public Task<ContainerImage> ReadDescriptorAsync(JsonElement descriptor, string name, CancellationToken cancellationToken) =>
        ResolveAsync(descriptor, name, depth: 0, cancellationToken);

    /// <summary>The names an index entry carries in its annotations.</summary>
    public static IEnumerable<string> Names(JsonElement descriptor) =>
        descriptor.Child("annotations") is { } annotations
            ? new[] { annotations.MapString(RefNameAnnotation), annotations.MapString(ContainerdNameAnnotation) }.OfType<string>()
            : [];

    private async Task<JsonElement> ReadIndexAsync(CancellationToken cancellationToken) => JsonBlobs.Parse(
        await JsonBlobs.ReadAsync(store, "index.json", null, input, "index.json", cancellationToken), input, "index.json");

    private List<JsonElement> Descriptors(JsonElement index, string what)
    {
        if (index.Child("manifests") is { ValueKind: JsonValueKind.Array } manifests)
        {
            return manifests.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).ToList();
        }
        throw D2lException.BadInput(input, index.TryGetField("manifests", out var value) && value.ValueKind == JsonValueKind.Null
            ? $"{what} lists no image ('manifests' is null) and no manifest.json names one"
            : $"{what} has no 'manifests' list");
    }

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    private async Task<ContainerImage> ResolveAsync(JsonElement descriptor, string name, int depth, CancellationToken cancellationToken)
    {
        var digest = descriptor.RequireDigest(input, "a manifest descriptor");
        string? declared = descriptor.String("mediaType");
        if (MediaTypes.IsSchema1(declared))
        {
            throw D2lException.BadInput(input, "Docker schema1 manifests are not supported (re-save the image with a current tool)");
        }
        var json = JsonBlobs.Parse(
            await JsonBlobs.ReadAsync(store, BlobPath(digest), digest, input, "manifest", cancellationToken,
                descriptor.DeclaredSize(input, $"manifest {digest}")), input, $"manifest {digest}");
        if (json.TryGetField("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number
            && version.TryGetInt32(out int schema) && schema == 1)
        {
            throw D2lException.BadInput(input, "Docker schema1 manifests are not supported (re-save the image with a current tool)");
        }
        string? type = json.String("mediaType") ?? declared
            ?? (json.Child("manifests") is not null ? MediaTypes.OciIndex : json.Child("layers") is not null ? MediaTypes.OciManifest : null);
        if (MediaTypes.IsIndex(type))
        {
            if (depth >= MaxIndexDepth)
            {
                throw D2lException.BadInput(input, "image indexes nest too deeply");
            }
            return await ResolveAsync(IndexSelection.Select(Descriptors(json, $"index {digest}"), options, input, $"index {digest}"), name, depth + 1, cancellationToken);
        }
        if (!MediaTypes.IsManifest(type))
        {
            throw D2lException.BadInput(input, $"unsupported manifest media type '{type ?? "(none)"}'");
        }
        return await ReadManifestAsync(json, digest, name, cancellationToken);
    }

    private async Task<ContainerImage> ReadManifestAsync(JsonElement manifest, Digest digest, string name, CancellationToken cancellationToken)
    {
        var configDescriptor = manifest.Child("config") ?? throw D2lException.BadInput(input, $"manifest {digest} has no config");
        string? configType = configDescriptor.String("mediaType");
        if (configType is not null && !MediaTypes.IsImageConfig(configType))
        {
            throw D2lException.BadInput(input, $"not a container image (config media type '{configType}')");
        }
        var configDigest = configDescriptor.RequireDigest(input, "the config descriptor");
        var config = ImageConfigParser.Parse(JsonBlobs.Parse(
            await JsonBlobs.ReadAsync(store, BlobPath(configDigest), configDigest, input, "config", cancellationToken,
                configDescriptor.DeclaredSize(input, "the config descriptor")),
            input, "image config"), input);
        var layerDescriptors = manifest.Child("layers") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().ToList()
            : throw D2lException.BadInput(input, $"manifest {digest} has no layers list");
        if (layerDescriptors.Count != config.DiffIds.Count)
        {
            throw D2lException.BadInput(input, $"manifest has {layerDescriptors.Count} layers but the config lists {config.DiffIds.Count} diff_ids");
        }
        var layers = new List<ImageLayer>();
        for (int i = 0; i < layerDescriptors.Count; i++)
        {
            var descriptor = layerDescriptors[i];
            var layerDigest = descriptor.RequireDigest(input, $"layer {i}");
            string mediaType = descriptor.String("mediaType") ?? MediaTypes.OciLayerTar;
            if (!MediaTypes.IsLayer(mediaType))
            {
                throw D2lException.BadInput(input, $"layer {layerDigest} has unsupported media type '{mediaType}' (d2l reads tar layers, plain or compressed)");
            }
            string path = BlobPath(layerDigest);
            long size = store.GetLength(path) ?? throw D2lException.BadInput(input, $"missing blob {layerDigest}");
            if (descriptor.DeclaredSize(input, $"layer {layerDigest}") is { } declaredSize && declaredSize != size)
            {
                throw D2lException.BadInput(input, $"layer {layerDigest} size mismatch (manifest says {declaredSize} bytes, blob has {size})");
            }
            var (kind, hint) = await BlobLayer.ProbeAsync(store, path, size, input, $"layer {layerDigest}", cancellationToken);
            layers.Add(new BlobLayer(store, path, input, layerDigest, layerDigest, null, size, mediaType, hint)
            {
                UncompressedSizeHintWraps = Compression.HintMayWrap(kind, size),
            });
        }
        return new ContainerImage(name, digest, config, layers) { ConfigDigest = configDigest };
    }
}
