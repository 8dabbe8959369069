namespace DockerToLinux.Kernels;

/// <summary>How the kernel command line names the root file system.</summary>
public enum RootNaming
{
    /// <summary><c>root=UUID=</c>, the file system's UUID: only an initramfs resolves it.</summary>
    FilesystemUuid,

    /// <summary><c>root=PARTUUID=</c>, the partition's: the kernel resolves it itself, with no initramfs.</summary>
    PartitionUuid,
}
