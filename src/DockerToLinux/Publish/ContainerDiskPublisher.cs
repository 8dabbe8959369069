namespace DockerToLinux.Publish;

/// <summary>Publishes a disk file as a KubeVirt containerDisk image to a registry, an OCI layout folder or an OCI archive.</summary>
internal static class ContainerDiskPublisher
{
    /// <summary>The name of the disk file inside the image.</summary>
    public static string FileName(bool raw) => raw ? "disk.img" : "disk.qcow2";

    /// <summary>Writes or pushes the image.</summary>
    /// <exception cref="D2lException">The destination refused the image, could not be reached, or exists without force.</exception>
    public static async Task<PublishOutcome> PublishAsync(ContainerDiskRequest request, IProgress<BuildProgress>? progress,
        CancellationToken cancellationToken)
    {
        long seconds = request.Created.ToUnixTimeSeconds();
        var layer = new ContainerDiskLayer(request.DiskPath, FileName(request.Raw), seconds, request.Compression);
        ContainerDiskImage Describe(LayerDigests digests) =>
            ContainerDiskImage.Create(digests, layer.MediaType, request.Platform, request.SourceDigest, request.Created);
        var destination = request.Destination;
        switch (destination.Kind)
        {
            case ContainerDiskDestinationKind.Registry:
                return await RegistryPublisher.PushAsync(destination, request.Registry, request.PushedBlobsPath, Describe, layer, progress, cancellationToken)
                    .ConfigureAwait(false);
            case ContainerDiskDestinationKind.OciLayout:
            {
                progress?.Report(new BuildProgress(BuildStage.Disk, $"writing the OCI layout {destination.Path}"));
                LayerDigests? written = null;
                var image = await OciLayoutWriter.WriteAsync(destination.Path!, destination.ReferenceName, request.Force,
                    digests => Describe(written = digests), layer, cancellationToken).ConfigureAwait(false);
                return new PublishOutcome(image, written!, LayerTransfer.Sent, 0);
            }
            default:
            {
                progress?.Report(new BuildProgress(BuildStage.Disk, $"writing the OCI archive {destination.Path}"));
                return await WriteArchiveAsync(destination, request.Force, seconds, Describe, layer, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Written under a temporary name beside the target and renamed when complete.
    private static async Task<PublishOutcome> WriteArchiveAsync(ContainerDiskDestination destination, bool force, long seconds,
        Func<LayerDigests, ContainerDiskImage> describe, ContainerDiskLayer layer, CancellationToken cancellationToken)
    {
        string target = Path.GetFullPath(destination.Path!);
        string folder = Path.GetDirectoryName(target) ?? "/";
        if (!Directory.Exists(folder))
        {
            throw D2lException.BadInput(destination.Path!, $"folder {folder} does not exist");
        }
        if (File.Exists(target) && !force)
        {
            throw D2lException.BadSetting(Setting.Force, $"{destination.Path}: already exists, and replacing it was not asked for");
        }
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.d2l-{Guid.NewGuid():N}.tmp");
        try
        {
            LayerDigests? written = null;
            var image = await OciArchiveWriter.WriteAsync(temporary, destination.ReferenceName, seconds, digests => describe(written = digests), layer,
                cancellationToken).ConfigureAwait(false);
            File.Move(temporary, target, overwrite: true);
            return new PublishOutcome(image, written!, LayerTransfer.Sent, 0);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
