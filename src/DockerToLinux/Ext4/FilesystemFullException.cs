namespace DockerToLinux.Ext4;

/// <summary>
/// A filesystem of fixed size ran out of blocks or inodes. It is bad input (the size asked for is too small);
/// callers that know more about the content, such as the pipeline, replace the message with advice.
/// </summary>
public sealed class FilesystemFullException : D2lException
{
    /// <summary>Creates the error for a filesystem of <paramref name="sizeBytes"/> that had used <paramref name="usedBytes"/>.</summary>
    public FilesystemFullException(long sizeBytes, long usedBytes)
        : base(FailureKind.BadInput, DockerToLinux.Setting.DiskSize, $"a filesystem of {sizeBytes >> 20} MiB is too small: it filled up after {usedBytes >> 20} MiB of image data")
    {
        SizeBytes = sizeBytes;
        UsedBytes = usedBytes;
    }

    /// <summary>The filesystem's fixed size.</summary>
    public long SizeBytes { get; }

    /// <summary>How much had been used when it filled up.</summary>
    public long UsedBytes { get; }
}
