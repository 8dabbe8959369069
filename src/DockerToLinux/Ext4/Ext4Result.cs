namespace DockerToLinux.Ext4;

/// <summary>What <see cref="Ext4Builder.FinishAsync"/> wrote.</summary>
/// <param name="SizeBytes">The filesystem size in bytes, a multiple of 1 MiB: the partition needs at least this.</param>
/// <param name="Uuid">The filesystem UUID, for <c>root=UUID=</c> and fstab.</param>
/// <param name="UsedBytes">Bytes in blocks marked used (data and metadata).</param>
/// <param name="BlockCount">The filesystem size in 4 KiB blocks.</param>
/// <param name="GroupCount">The number of block groups.</param>
/// <param name="InodeCount">The number of inodes (groups times inodes per group).</param>
/// <param name="UsedInodes">Inodes in use, reserved ones included.</param>
internal sealed record Ext4Result(
    long SizeBytes, Guid Uuid, long UsedBytes, long BlockCount, int GroupCount, long InodeCount, long UsedInodes);
