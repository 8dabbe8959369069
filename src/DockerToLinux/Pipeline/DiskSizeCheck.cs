using DockerToLinux.Images;

namespace DockerToLinux.Pipeline;

/// <summary>
/// Tells a user whose disk size cannot hold the image what size it needs: before anything is written when
/// the layers' declared sizes already show it, otherwise when the filesystem fills up.
/// </summary>
internal static class DiskSizeCheck
{
    /// <summary>
    /// Refuses a fixed size below half of what the layers declare uncompressed. Later layers may delete what
    /// earlier ones wrote, so only a clear shortfall is refused here; anything closer is found when the
    /// filesystem fills up.
    /// </summary>
    public static void RefuseBelowLayers(long diskSize, long partitionBytes, ContainerImage image, DiskLayout layout)
    {
        if (partitionBytes < Declared(image) / 2)
        {
            throw TooSmall(diskSize, 0, image, layout, null);
        }
    }

    /// <summary>
    /// The error for a size that is too small. The size needed is not known until every layer is in; the best
    /// advice is the larger of what was written when the filesystem filled up and what the layers declare,
    /// plus what the disk holds besides the root filesystem.
    /// </summary>
    public static D2lException TooSmall(long diskSize, long usedBytes, ContainerImage image, DiskLayout layout, Exception? inner)
    {
        long declared = Declared(image);
        long content = Math.Max(declared, usedBytes + Units.MiB);
        long needed = layout.RootStart + layout.TrailingBytes + (content + Units.MiB - 1) / Units.MiB * Units.MiB;
        string written = usedBytes > 0 ? $"the filesystem filled up after {ByteSize.Format(usedBytes)}; " : string.Empty;
        return D2lException.BadSetting(Setting.DiskSize, $"a disk of {ByteSize.Format(diskSize)} is too small for {image.Name}: {written}its "
            + $"layers hold {ByteSize.Format(declared)} uncompressed, so the disk needs about {ByteSize.Format(needed)} or more "
            + "(or auto, which sizes it to fit)", inner);
    }

    private static long Declared(ContainerImage image) => image.Layers.Sum(layer => layer.UncompressedSizeHint ?? 0);
}
