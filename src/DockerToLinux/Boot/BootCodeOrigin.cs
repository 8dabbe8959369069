namespace DockerToLinux.Boot;

/// <summary>Where a piece of boot code was read from.</summary>
/// <param name="FromImage">True if from the image's own files; false if from this machine.</param>
/// <param name="Path">The file's path (in the image, or on this machine).</param>
internal sealed record BootCodeOrigin(bool FromImage, string Path)
{
    /// <summary>For messages: <c>the image's /usr/bin/extlinux</c> or <c>this machine's /usr/bin/extlinux</c>.</summary>
    public override string ToString() => (FromImage ? "the image's " : "this machine's ") + Path;
}
