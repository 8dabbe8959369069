using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// <c>docker://REFERENCE</c>: an image pulled from a registry. The manifest (through nested indexes to the
/// wanted platform) and the config are fetched and verified on open, with each layer's first and last bytes
/// (its compression and uncompressed size); layers stream from the registry when read (or from the copy kept
/// of a blob whose ends the registry would not give by range), checked against their digest and size as they pass.
/// </summary>
internal sealed class RegistryImageSource(string description, RegistryReference reference, ImageSourceOptions options) : IImageSource
{
    private const int MaxManifestBytes = 4 * Units.MiB;
    private const int MaxIndexDepth = 8;
    // Enough to hide the round trips of a typical image's few layers; an image of a hundred layers does not
    // open two hundred connections to the registry at once.
    private const int LayersProbedAtOnce = 8;

    private static readonly string[] ManifestTypes =
        [MediaTypes.OciManifest, MediaTypes.DockerManifest, MediaTypes.OciIndex, MediaTypes.DockerList];

    private RegistryClient? _client;
    private RegistryBlobStore? _store;

    public string Description => description;

    public async Task<ContainerImage> OpenAsync(CancellationToken cancellationToken)
    {
        _client ??= new RegistryClient(reference, description, options);
        var store = _store ??= new RegistryBlobStore(_client);
        string manifestReference = reference.ManifestReference;
        Digest? expected = reference.Digest;
        for (int depth = 0; ; depth++)
        {
            var (data, type, digest) = await FetchManifestAsync(_client, manifestReference, expected, cancellationToken).ConfigureAwait(false);
            var json = JsonBlobs.Parse(data, description, $"manifest {digest}");
            if (MediaTypes.IsSchema1(type) || (json.TryGetField("schemaVersion", out var version)
                && version.ValueKind == JsonValueKind.Number && version.GetInt32() == 1))
            {
                throw D2lException.BadInput(description, "Docker schema1 manifests are not supported (push the image again with a current tool)");
            }
            type = json.String("mediaType") ?? type;
            if (MediaTypes.IsIndex(type) || (type is null && json.Child("manifests") is not null))
            {
                if (depth >= MaxIndexDepth)
                {
                    throw D2lException.BadInput(description, "image indexes nest too deeply");
                }
                var descriptors = json.Child("manifests") is { ValueKind: JsonValueKind.Array } list
                    ? list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).ToList()
                    : throw D2lException.BadInput(description, $"index {digest} has no 'manifests' list");
                var chosen = IndexSelection.Select(descriptors, options, description, $"index {digest}");
                expected = chosen.RequireDigest(description, "a manifest descriptor");
                manifestReference = expected.ToString();
                continue;
            }
            if (!MediaTypes.IsManifest(type) && !(type is null && json.Child("layers") is not null))
            {
                throw D2lException.BadInput(description, $"unsupported manifest media type '{type ?? "(none)"}'");
            }
            return await ReadManifestAsync(store, json, digest, cancellationToken).ConfigureAwait(false);
        }
    }

    // The raw bytes are what the digest covers; the JSON is never re-serialised before hashing.
    private async Task<(byte[] Data, string? MediaType, Digest Digest)> FetchManifestAsync(RegistryClient client, string manifestReference,
        Digest? expected, CancellationToken cancellationToken)
    {
        string what = $"manifest {manifestReference}";
        using var response = await client.GetAsync($"manifests/{manifestReference}", ManifestTypes, null, what, cancellationToken)
            .ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw D2lException.BadInput(description, $"{what} is {response.Content.Headers.ContentLength} bytes, too large for a manifest");
        }
        byte[] data;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxManifestBytes + 1];
            int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (length > MaxManifestBytes)
            {
                throw D2lException.BadInput(description, $"{what} is too large for a manifest");
            }
            data = buffer[..length];
        }
        catch (Exception error) when (RegistryClient.IsTransient(error, cancellationToken))
        {
            throw D2lException.BadInput(description, $"{what}: download failed ({RegistryClient.Describe(error)})", error);
        }
        var actual = Digest.Sha256Of(data);
        if (expected is not null && actual != expected)
        {
            throw D2lException.BadInput(description, $"{what} digest mismatch (got {actual})");
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var headers)
            && Digest.TryParse(headers.FirstOrDefault(), out var announced) && announced.Algorithm == "sha256" && announced != actual)
        {
            throw D2lException.BadInput(description, $"{what} digest mismatch (registry says {announced}, content is {actual})");
        }
        return (data, response.Content.Headers.ContentType?.MediaType, actual);
    }

    private async Task<ContainerImage> ReadManifestAsync(RegistryBlobStore store, JsonElement manifest, Digest digest,
        CancellationToken cancellationToken)
    {
        var configDescriptor = manifest.Child("config") ?? throw D2lException.BadInput(description, $"manifest {digest} has no config");
        string? configType = configDescriptor.String("mediaType");
        if (configType is not null && !MediaTypes.IsImageConfig(configType))
        {
            throw D2lException.BadInput(description, $"not a container image (config media type '{configType}')");
        }
        var configDigest = configDescriptor.RequireDigest(description, "the config descriptor");
        string configPath = store.Register(configDigest, DeclaredSize(configDescriptor, "the config"));
        var config = ImageConfigParser.Parse(JsonBlobs.Parse(
            await JsonBlobs.ReadAsync(store, configPath, configDigest, description, "config", cancellationToken).ConfigureAwait(false),
            description, "image config"), description);
        var layerDescriptors = manifest.Child("layers") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().ToList()
            : throw D2lException.BadInput(description, $"manifest {digest} has no layers list");
        if (layerDescriptors.Count != config.DiffIds.Count)
        {
            throw D2lException.BadInput(description, $"manifest has {layerDescriptors.Count} layers but the config lists {config.DiffIds.Count} diff_ids");
        }
        var blobs = new List<(Digest Digest, string Path, long Size, string MediaType)>();
        for (int i = 0; i < layerDescriptors.Count; i++)
        {
            var descriptor = layerDescriptors[i];
            var layerDigest = descriptor.RequireDigest(description, $"layer {i}");
            string mediaType = descriptor.String("mediaType") ?? MediaTypes.OciLayerTar;
            if (!MediaTypes.IsLayer(mediaType))
            {
                throw D2lException.BadInput(description, $"layer {layerDigest} has unsupported media type '{mediaType}'");
            }
            long size = DeclaredSize(descriptor, $"layer {layerDigest}");
            blobs.Add((layerDigest, store.Register(layerDigest, size), size, mediaType));
        }
        // Each layer's ends, several layers at once (two small range requests each, so a few round trips in
        // all): the same probe as a local layout's, so a pulled image gets the same size hints, and with them
        // the same regions, parallel reading and disk, as the image's archive.
        var probes = new (CompressionKind Kind, long? Hint)[blobs.Count];
        var probing = new ParallelOptions { MaxDegreeOfParallelism = LayersProbedAtOnce, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, blobs.Count), probing, async (i, token) =>
            probes[i] = await BlobLayer.ProbeAsync(store, blobs[i].Path, blobs[i].Size, description, $"layer {blobs[i].Digest}", token)
                .ConfigureAwait(false)).ConfigureAwait(false);
        var layers = blobs.Select((blob, i) => (ImageLayer)new BlobLayer(store, blob.Path, description, blob.Digest, blob.Digest, null,
            blob.Size, blob.MediaType, probes[i].Hint)
        {
            UncompressedSizeHintWraps = Compression.HintMayWrap(probes[i].Kind, blob.Size),
        }).ToList();
        return new ContainerImage(reference.ToString(), digest, config, layers) { ConfigDigest = configDigest };
    }

    private long DeclaredSize(JsonElement descriptor, string what) =>
        descriptor.TryGetField("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out long value) && value >= 0
            ? value
            : throw D2lException.BadInput(description, $"{what} descriptor has no valid size");

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        _store = null;
        _client?.Dispose();
        _client = null;
        return ValueTask.CompletedTask;
    }
}
