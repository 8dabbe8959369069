namespace DockerToLinux.Images;

/// <summary>
/// <c>rootfs:PATH</c>: a flattened filesystem tarball (<c>docker export</c>, a distribution's root tarball),
/// plain or compressed with gzip, zstd, xz or bzip2. It becomes a one-layer image with a minimal config;
/// the file's sha256 stands in for the digests, so builds from the same file stay reproducible, and the
/// file is checked against it again while the layer streams.
/// </summary>
internal sealed class RootFsImageSource(string description, string path, ImageSourceOptions options) : IImageSource
{
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public string Description => description;

    public async Task<ContainerImage> OpenAsync(CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw D2lException.BadInput(description, Directory.Exists(full) ? "is a folder, not a tarball" : "no such file");
        }
        var store = new DirectoryBlobStore(Path.GetDirectoryName(full)!);
        string name = Path.GetFileName(full);
        long size = store.GetLength(name) ?? throw D2lException.BadInput(description, "no such file");
        Digest digest;
        await using (var stream = store.Open(name))
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
            digest = new Digest("sha256", Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        var (kind, hint) = await BlobLayer.ProbeAsync(store, name, size, description, "the file", cancellationToken).ConfigureAwait(false);
        string mediaType = kind switch
        {
            CompressionKind.Gzip => MediaTypes.OciLayerTar + "+gzip",
            CompressionKind.Zstd => MediaTypes.OciLayerTar + "+zstd",
            _ => MediaTypes.OciLayerTar,
        };
        var platform = options.EffectivePlatform;
        var created = File.GetLastWriteTimeUtc(full);
        // No diff_id: knowing it would mean decompressing the whole file once more before the build.
        var config = new ImageConfig(platform.Os, platform.Architecture, platform.Variant, [DefaultPath], null, null, null, null, null,
            new DateTimeOffset(created, TimeSpan.Zero), [new ImageHistoryEntry($"rootfs tarball {name}", created, null, false)], []);
        var layer = new BlobLayer(store, name, description, digest, digest, null, size, mediaType, hint);
        return new ContainerImage(description, digest, config, [layer]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
