namespace DockerToLinux.Publish;

/// <summary>
/// Writes a containerDisk image as an OCI image layout folder. The folder is assembled under a temporary name
/// beside its target and renamed when complete, so a failure leaves no half-written layout.
/// </summary>
internal static class OciLayoutWriter
{
    /// <summary>Writes the layout to <paramref name="folder"/>, which must not exist yet unless <paramref name="force"/>.</summary>
    /// <returns>The image written.</returns>
    public static async Task<ContainerDiskImage> WriteAsync(string folder, string referenceName, bool force, Func<LayerDigests, ContainerDiskImage> describe,
        ContainerDiskLayer layer, CancellationToken cancellationToken)
    {
        string target = Path.GetFullPath(folder);
        string parent = Path.GetDirectoryName(target) ?? "/";
        if (!Directory.Exists(parent))
        {
            throw D2lException.BadInput(folder, $"folder {parent} does not exist");
        }
        if ((Directory.Exists(target) || File.Exists(target)) && !force)
        {
            throw D2lException.BadSetting(Setting.Force, $"{folder}: already exists, and replacing it was not asked for");
        }
        string temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.d2l-{Guid.NewGuid():N}.tmp");
        try
        {
            string blobs = Path.Combine(temporary, "blobs", "sha256");
            Directory.CreateDirectory(blobs);
            string layerPath = Path.Combine(blobs, ".layer");
            LayerDigests digests;
            await using (var file = new FileStream(layerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                digests = await layer.WriteAsync(file, cancellationToken).ConfigureAwait(false);
            }
            File.Move(layerPath, Path.Combine(temporary, OciLayoutFiles.BlobPath(digests.Digest)));
            var image = describe(digests);
            await File.WriteAllBytesAsync(Path.Combine(temporary, OciLayoutFiles.BlobPath(image.ConfigDigest)), image.Config, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(temporary, OciLayoutFiles.BlobPath(image.ManifestDigest)), image.Manifest, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(temporary, "index.json"), OciLayoutFiles.Index(image, referenceName), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(temporary, "oci-layout"), OciLayoutFiles.LayoutMarker, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            else if (File.Exists(target))
            {
                File.Delete(target);
            }
            Directory.Move(temporary, target);
            return image;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
