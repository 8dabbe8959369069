namespace DockerToLinux.Images;

/// <summary>
/// Where one file of a tar archive lies: its data's offset and length in the uncompressed archive. For a
/// compressed archive, which is read front to back only, the indexing pass also keeps the file's first and
/// last bytes (what probing a layer needs), and small files whole (the JSON metadata), so that only layers
/// need another decompression pass.
/// </summary>
/// <param name="Offset">Where the data starts in the uncompressed archive.</param>
/// <param name="Length">The data's length.</param>
/// <param name="Content">The whole data, when kept.</param>
/// <param name="Head">The first bytes (compressed archives only).</param>
/// <param name="Tail">The last bytes (compressed archives only).</param>
internal sealed record ArchiveMember(long Offset, long Length, byte[]? Content = null, byte[]? Head = null, byte[]? Tail = null);
