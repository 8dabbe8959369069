namespace DockerToLinux.Publish;

/// <summary>
/// Writes a containerDisk image as an OCI image layout in one tar file. The layer is compressed straight into
/// the archive: its member header is written once its size and digest (which names it) are known, by going
/// back to the place kept for it, so no blob is held anywhere else first.
/// </summary>
internal static class OciArchiveWriter
{
    private const int FileMode = 0x1A4; // 0644
    private const int FolderMode = 0x1ED; // 0755

    /// <summary>Writes the archive to <paramref name="path"/> (a new or emptied file) and returns the image written.</summary>
    public static async Task<ContainerDiskImage> WriteAsync(string path, string referenceName, long modifiedSeconds,
        Func<LayerDigests, ContainerDiskImage> describe, ContainerDiskLayer layer, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, System.IO.FileMode.Create, FileAccess.Write, FileShare.None, Units.MiB, FileOptions.Asynchronous);
        await WriteMemberAsync(file, "oci-layout", OciLayoutFiles.LayoutMarker, modifiedSeconds, cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(UstarHeader.Create("blobs/", UstarHeader.Directory, FolderMode, 0, 0, modifiedSeconds), cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(UstarHeader.Create("blobs/sha256/", UstarHeader.Directory, FolderMode, 0, 0, modifiedSeconds), cancellationToken).ConfigureAwait(false);

        long headerAt = file.Position;
        await file.WriteAsync(new byte[TarHeader.Size], cancellationToken).ConfigureAwait(false);
        var digests = await layer.WriteAsync(file, cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(new byte[UstarHeader.Padding(digests.Size)], cancellationToken).ConfigureAwait(false);
        long end = file.Position;
        file.Position = headerAt;
        await file.WriteAsync(UstarHeader.Create(OciLayoutFiles.BlobPath(digests.Digest), UstarHeader.File, FileMode, 0, digests.Size, modifiedSeconds),
            cancellationToken).ConfigureAwait(false);
        file.Position = end;

        var image = describe(digests);
        await WriteMemberAsync(file, OciLayoutFiles.BlobPath(image.ConfigDigest), image.Config, modifiedSeconds, cancellationToken).ConfigureAwait(false);
        await WriteMemberAsync(file, OciLayoutFiles.BlobPath(image.ManifestDigest), image.Manifest, modifiedSeconds, cancellationToken).ConfigureAwait(false);
        await WriteMemberAsync(file, "index.json", OciLayoutFiles.Index(image, referenceName), modifiedSeconds, cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(new byte[2 * TarHeader.Size], cancellationToken).ConfigureAwait(false);
        return image;
    }

    private static async Task WriteMemberAsync(Stream file, string name, byte[] content, long modifiedSeconds, CancellationToken cancellationToken)
    {
        await file.WriteAsync(UstarHeader.Create(name, UstarHeader.File, FileMode, 0, content.Length, modifiedSeconds), cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(new byte[UstarHeader.Padding(content.Length)], cancellationToken).ConfigureAwait(false);
    }
}
