using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>A regular file's bytes, placed in blocks of the filesystem being built.</summary>
internal sealed class Ext4Content(long length, bool pinned) : FileContent
{
    /// <inheritdoc />
    public override long Length => length;

    /// <summary>Where the file's non-hole blocks are, sorted by logical block.</summary>
    public List<Extent> Extents { get; } = [];

    /// <summary>Whether every block is allocated and written (no holes), at a place that never moves.</summary>
    public bool Pinned => pinned;

    /// <summary>Set once the content has been released; its blocks are then zeroed and free.</summary>
    public bool Released { get; set; }
}
