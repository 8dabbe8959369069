using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// Partition 1 of a raw disk, copied out sparsely and loop-mounted read-only by the Linux kernel: the
/// referee that reads our ext4 as a machine will. Needs root, as CI has.
/// </summary>
public sealed class MountedPartition : IDisposable
{
    private readonly TempDir _folder = new();

    /// <summary>Copies partition 1 (at 1 MiB) of <paramref name="disk"/>, checks it with e2fsck, and mounts it.</summary>
    public MountedPartition(string disk)
    {
        Image = _folder.File("partition.img");
        Tool.Run("dd", $"if={disk}", $"of={Image}", "bs=1M", "skip=1", "conv=sparse", "status=none").EnsureSuccess("dd");
        Fsck = Tool.Run("e2fsck", "-fn", Image);
        Root = _folder.File("root");
        Directory.CreateDirectory(Root);
        Tool.Run("mount", "-o", "ro,loop,noload", Image, Root).EnsureSuccess("mount");
    }

    /// <summary>The partition's bytes as a file.</summary>
    public string Image { get; }

    /// <summary>What <c>e2fsck -fn</c> said about the partition before it was mounted.</summary>
    public ToolResult Fsck { get; }

    /// <summary>Where the filesystem is mounted.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Tool.Run("umount", Root);
        _folder.Dispose();
    }
}
