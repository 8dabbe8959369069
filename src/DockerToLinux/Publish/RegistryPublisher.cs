using DockerToLinux.Images;

namespace DockerToLinux.Publish;

/// <summary>
/// Pushes a containerDisk image to a registry. The layer is compressed once to learn its digest; a blob the
/// repository already has is not sent, one that this user pushed to another repository of the registry is
/// mounted from there, and only otherwise is it compressed again straight into the upload. Then the config
/// and the manifest.
/// </summary>
internal static class RegistryPublisher
{
    /// <summary>Pushes the image and returns what happened to its layer.</summary>
    public static async Task<PublishOutcome> PushAsync(ContainerDiskDestination destination, ImageSourceOptions options, string pushedBlobsPath,
        Func<LayerDigests, ContainerDiskImage> describe, ContainerDiskLayer layer, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var reference = destination.Registry!;
        progress?.Report(new BuildProgress(BuildStage.Disk, "compressing the disk layer to learn its digest"));
        var digests = await layer.WriteAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        var image = describe(digests);
        var pushed = new PushedBlobs(pushedBlobsPath);
        var mountSources = pushed.RepositoriesWith(reference.Host, reference.Repository, digests.Digest);
        using var pusher = new RegistryPusher(reference, destination.Text, options, mountSources);

        LayerTransfer transfer;
        long sent = 0;
        if (await pusher.HasBlobAsync(digests.Digest, cancellationToken).ConfigureAwait(false))
        {
            transfer = LayerTransfer.AlreadyPresent;
        }
        else if (await TryMountAsync(pusher, digests.Digest, cancellationToken).ConfigureAwait(false))
        {
            transfer = LayerTransfer.Mounted;
        }
        else
        {
            progress?.Report(new BuildProgress(BuildStage.Disk, $"uploading the disk layer ({digests.Size} bytes)", 0, digests.Size));
            sent = await pusher.UploadAsync(digests.Digest, async (upload, token) =>
            {
                var again = await layer.WriteAsync(upload, token).ConfigureAwait(false);
                if (again.Digest != digests.Digest)
                {
                    throw D2lException.BadInput(destination.Text, "the disk changed while it was pushed");
                }
            }, cancellationToken).ConfigureAwait(false);
            transfer = LayerTransfer.Sent;
        }
        await pushed.RememberAsync(reference.Host, reference.Repository, digests.Digest, cancellationToken).ConfigureAwait(false);

        if (!await pusher.HasBlobAsync(image.ConfigDigest, cancellationToken).ConfigureAwait(false))
        {
            sent += await pusher.UploadAsync(image.ConfigDigest, (upload, token) => upload.WriteAsync(image.Config, token).AsTask(), cancellationToken)
                .ConfigureAwait(false);
        }
        await pusher.PutManifestAsync(image.Manifest, ContainerDiskImage.ManifestMediaType, cancellationToken).ConfigureAwait(false);
        return new PublishOutcome(image, digests, transfer, sent);
    }

    private static async Task<bool> TryMountAsync(RegistryPusher pusher, Digest digest, CancellationToken cancellationToken)
    {
        foreach (string source in pusher.MountSources)
        {
            if (await pusher.TryMountAsync(digest, source, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
        return false;
    }
}
