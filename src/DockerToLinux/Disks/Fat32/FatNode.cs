namespace DockerToLinux.Disks.Fat32;

/// <summary>A file or directory of a FAT volume being built: its name, and where its clusters start.</summary>
internal sealed class FatNode(string name, bool isDirectory)
{
    /// <summary>The real (long) name.</summary>
    public string Name { get; } = name;

    /// <summary>True for a directory.</summary>
    public bool IsDirectory { get; } = isDirectory;

    /// <summary>Children in the order they were added, for directories.</summary>
    public List<FatNode> Children { get; } = [];

    /// <summary>The first cluster, or 0 for an empty file (FAT gives those no chain).</summary>
    public uint FirstCluster { get; set; }

    /// <summary>The size in bytes; directories record 0.</summary>
    public uint Size { get; set; }
}
