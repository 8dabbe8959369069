using System.Text.RegularExpressions;

namespace DockerToLinux.Images;

/// <summary>
/// Reads a classic <c>docker save</c> archive through its manifest.json (<c>[{Config, RepoTags, Layers}]</c>).
/// Layer paths there do not always carry a digest, so each layer is verified by its config diff_id, and
/// also by its blob digest when the path is <c>blobs/sha256/&lt;hex&gt;</c>.
/// </summary>
internal sealed partial class DockerArchiveReader(IBlobStore store, string input)
{
    /// <summary>Opens the image tagged <paramref name="reference"/>, or the only one in the archive.</summary>
    public async Task<ContainerImage> ReadAsync(string? reference, CancellationToken cancellationToken)
    {
        var manifest = JsonBlobs.Parse(
            await JsonBlobs.ReadAsync(store, "manifest.json", null, input, "manifest.json", cancellationToken),
            input, "manifest.json", array: true);
        var entries = manifest.EnumerateArray().ToList();
        var tagsOf = entries.Select(entry => entry.Strings("RepoTags", input, "manifest.json") ?? []).ToList();
        int chosen;
        if (reference is not null)
        {
            chosen = tagsOf.FindIndex(tags => tags.Contains(reference) || tags.Contains(reference + ":latest"));
            if (chosen < 0)
            {
                throw D2lException.BadInput(input, $"no image tagged '{reference}' (has: {string.Join(", ", tagsOf.SelectMany(t => t).DefaultIfEmpty("no tags"))})");
            }
        }
        else if (entries.Count == 1)
        {
            chosen = 0;
        }
        else
        {
            throw D2lException.BadInput(input, entries.Count == 0
                ? "manifest.json lists no image"
                : $"the archive holds {entries.Count} images; name one (has: {string.Join(", ", tagsOf.SelectMany(t => t))})");
        }
        var entry = entries[chosen];
        string configPath = entry.String("Config") ?? throw D2lException.BadInput(input, "manifest.json entry has no Config");
        var configBytes = await JsonBlobs.ReadAsync(store, configPath, DigestInPath(configPath), input, "config", cancellationToken);
        var configDigest = Digest.Sha256Of(configBytes);
        var config = ImageConfigParser.Parse(JsonBlobs.Parse(configBytes, input, "image config"), input);
        var layerPaths = entry.Strings("Layers", input, "manifest.json") ?? throw D2lException.BadInput(input, "manifest.json entry has no Layers");
        if (layerPaths.Count != config.DiffIds.Count)
        {
            throw D2lException.BadInput(input, $"manifest.json lists {layerPaths.Count} layers but the config lists {config.DiffIds.Count} diff_ids");
        }
        var layers = new List<ImageLayer>();
        for (int i = 0; i < layerPaths.Count; i++)
        {
            string path = layerPaths[i];
            long size = store.GetLength(path) ?? throw D2lException.BadInput(input, $"missing layer '{path}'");
            var blobDigest = DigestInPath(path);
            var diffId = config.DiffIds[i];
            var (kind, hint) = await BlobLayer.ProbeAsync(store, path, size, input, $"layer '{path}'", cancellationToken);
            string mediaType = kind switch
            {
                CompressionKind.None => MediaTypes.DockerLayerTar,
                CompressionKind.Gzip => MediaTypes.DockerLayerGzip,
                _ => $"{MediaTypes.OciLayerTar}+{kind.ToString().ToLowerInvariant()}",
            };
            if (kind == CompressionKind.None && blobDigest is not null && blobDigest != diffId)
            {
                throw D2lException.BadInput(input, $"layer '{path}' is an uncompressed tar, so its digest must be the config's diff_id {diffId}");
            }
            // Docker loads compressed layers too (go-containerregistry's tarball writer, and so crane, kaniko,
            // ko and Bazel, write "<hex>.tar.gz"), checking the diff_id on the uncompressed stream; a plain
            // tar's own digest is its diff_id.
            var digest = blobDigest ?? diffId;
            var blob = kind == CompressionKind.None ? digest : blobDigest;
            var tar = kind == CompressionKind.None ? null : diffId;
            layers.Add(new BlobLayer(store, path, input, digest, blob, tar, size, mediaType, hint)
            {
                UncompressedSizeHintWraps = Compression.HintMayWrap(kind, size),
            });
        }
        string name = reference ?? tagsOf[chosen].FirstOrDefault() ?? input;
        return new ContainerImage(name, configDigest, config, layers) { ConfigDigest = configDigest };
    }

    // Docker 25+ writes blobs/sha256/<hex>; older saves name the config <hex>.json, go-containerregistry
    // "sha256:<hex>"; skopeo names layers <hex>.tar after their diff_id, which the diff_id check covers anyway.
    private static Digest? DigestInPath(string path)
    {
        var match = BlobPathPattern().Match(path);
        if (match.Success)
        {
            return new Digest("sha256", match.Groups[1].Value);
        }
        match = ConfigNamePattern().Match(path);
        return match.Success ? new Digest("sha256", match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
    }

    [GeneratedRegex("^(?:\\./)?blobs/sha256/([0-9a-f]{64})$")]
    private static partial Regex BlobPathPattern();

    [GeneratedRegex("^(?:\\./)?(?:([0-9a-f]{64})\\.json|sha256:([0-9a-f]{64}))$")]
    private static partial Regex ConfigNamePattern();
}
