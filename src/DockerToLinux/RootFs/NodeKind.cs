namespace DockerToLinux.RootFs;

/// <summary>The type of a filesystem object, as tar and ext4 both know it.</summary>
internal enum NodeKind
{
    /// <summary>A regular file with <see cref="FsNode.Content"/>.</summary>
    RegularFile,

    /// <summary>A directory with <see cref="FsNode.Entries"/>.</summary>
    Directory,

    /// <summary>A symbolic link with <see cref="FsNode.LinkTarget"/>.</summary>
    Symlink,

    /// <summary>A character device with a major and minor number.</summary>
    CharacterDevice,

    /// <summary>A block device with a major and minor number.</summary>
    BlockDevice,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A Unix socket (never in a tar, but kept for completeness).</summary>
    Socket,
}
