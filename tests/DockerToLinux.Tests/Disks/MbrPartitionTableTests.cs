using DockerToLinux.Disks;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

public class MbrPartitionTableTests
{
    [Fact]
    public async Task One_active_Linux_partition_at_1MiB_is_what_sfdisk_reads_back()
    {
        using var temp = new TempDir();
        string path = temp.File("disk.img");
        var code = Enumerable.Range(0, 440).Select(i => (byte)i).ToArray();
        var sector = MbrPartitionTable.SingleLinuxPartition(2048, 129024, 0x1234ABCD, code);
        await using (var disk = new RawDiskTarget(path))
        {
            await disk.WriteAsync(0, sector, default);
            await disk.CompleteAsync(64L << 20, default);
        }
        string dump = Tool.Run("sfdisk", "--dump", path).EnsureSuccess("sfdisk --dump").StdOut;
        Assert.Contains("label: dos", dump);
        Assert.Contains("label-id: 0x1234abcd", dump);
        Assert.Matches(@"disk\.img1 : start=\s*2048, size=\s*129024, type=83, bootable", dump);
        Tool.Run("sfdisk", "-V", path).EnsureSuccess("sfdisk -V");
        Assert.Equal(code, sector[..440]);
        Assert.Equal([0x80, 0x20, 0x21, 0x00, 0x83], sector[446..451]);
        Assert.Equal([0x55, 0xAA], sector[510..]);
    }

    [Theory]
    [InlineData(2048L, new byte[] { 0x20, 0x21, 0x00 })]
    [InlineData(0L, new byte[] { 0x00, 0x01, 0x00 })]
    [InlineData(16450559L, new byte[] { 0xFE, 0xFF, 0xFF })]
    [InlineData(16450560L, new byte[] { 0xFE, 0xFF, 0xFF })]
    [InlineData(1028159L, new byte[] { 0xFE, 0x3F, 0x3F })]
    [InlineData(4819500L, new byte[] { 0x00, 0x41, 0x2C })]
    public void CHS_uses_255_heads_and_63_sectors_and_FE_FF_FF_past_cylinder_1023(long lba, byte[] expected)
    {
        var chs = new byte[3];
        ChsAddress.Write(lba, chs);
        Assert.Equal(expected, chs);
    }

    [Fact]
    public void Partitions_that_overlap_or_exceed_four_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MbrPartitionTable.Build(
            [new MbrPartition(2048, 4096), new MbrPartition(4096, 100)], 1));
        Assert.Throws<ArgumentException>(() => MbrPartitionTable.Build(
            Enumerable.Range(0, 5).Select(i => new MbrPartition(2048 + i * 100, 100)).ToList(), 1));
        Assert.Throws<ArgumentException>(() => MbrPartitionTable.Build([new MbrPartition(2048, uint.MaxValue)], 1));
    }

    [Fact]
    public void A_disk_past_the_CHS_limit_has_an_LBA_only_end_that_sfdisk_accepts()
    {
        using var temp = new TempDir();
        string path = temp.File("big.img");
        long sectors = (10L << 30) / 512 - 2048;
        var sector = MbrPartitionTable.SingleLinuxPartition(2048, sectors, 7, null);
        File.WriteAllBytes(path, sector);
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(10L << 30);
        }
        Tool.Run("sfdisk", "-V", path).EnsureSuccess("sfdisk -V");
        Assert.Equal([0xFE, 0xFF, 0xFF], sector[451..454]);
    }
}
