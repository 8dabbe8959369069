namespace DockerToLinux.RootFs;

/// <summary>
/// The bytes of a regular file, already placed by an <see cref="IFileContentStore"/>. The store that
/// made it is the only one that can read, rewrite or release it.
/// </summary>
internal abstract class FileContent
{
    /// <summary>The file's size in bytes.</summary>
    public abstract long Length { get; }
}
