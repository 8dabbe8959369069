namespace DockerToLinux.Ext4;

/// <summary>
/// The automatic size rule: what is used plus half again, at least 512 MiB of room, in whole MiB, with a
/// last group big enough for its metadata, and enough groups for the inodes in use.
/// </summary>
internal static class Ext4Sizer
{
    private const long MinimumRoomBlocks = 512L * Units.MiB / Ext4Geometry.BlockSize;

    /// <summary>The block count for <paramref name="usedBlocks"/> blocks and <paramref name="inodes"/> inodes in use.</summary>
    public static long AutoBlocks(Ext4Geometry geometry, long usedBlocks, long inodes)
    {
        long blocks = usedBlocks + Math.Max(usedBlocks / 2, MinimumRoomBlocks);
        long groupsForInodes = (inodes + geometry.InodesPerGroup - 1) / geometry.InodesPerGroup;
        long lastGroup = groupsForInodes - 1;
        long forInodes = geometry.DataStart(lastGroup) + Ext4Geometry.MinimumLastGroupSlack;
        return geometry.FitLastGroup(Math.Max(blocks, forInodes), roundUp: true);
    }
}
