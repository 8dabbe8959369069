using DockerToLinux.Disks;
using DockerToLinux.Disks.Gpt;
using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

public class GptPartitionTableTests
{
    [Fact]
    public async Task A_hybrid_layout_with_BIOS_boot_ESP_and_root_passes_sgdisk_verify_and_sfdisk_reads_it_back()
    {
        using var temp = new TempDir();
        string path = temp.File("disk.img");
        var layout = DiskLayout.For(Bootloader.Hybrid, PartitionTable.Gpt);
        long rootBytes = 64L << 20, diskBytes = layout.RootStart + rootBytes + layout.TrailingBytes;
        var identity = BuildIdentity.Reproducible("sha256:" + new string('b', 64), 1_700_000_000);
        var partitions = layout.GptPartitions(rootBytes, identity, legacyBootableRoot: true);
        var gpt = GptPartitionTable.Build(partitions, identity.GptDiskGuid, diskBytes / 512, new byte[440]);
        await using (var disk = new RawDiskTarget(path))
        {
            await disk.WriteAsync(0, gpt.Start, default);
            await disk.WriteAsync(gpt.EndLba * 512, gpt.End, default);
            await disk.CompleteAsync(diskBytes, default);
        }

        var verify = Tool.Run("sgdisk", "-v", path).EnsureSuccess("sgdisk -v");
        Assert.Contains("No problems found", verify.StdOut);
        string dump = Tool.Run("sfdisk", "--dump", path).EnsureSuccess("sfdisk --dump").StdOut;
        Assert.Contains("label: gpt", dump);
        Assert.Matches(@"img1 : start=\s*2048, size=\s*2048, type=21686148-6449-6E6F-744E-656564454649", dump);
        Assert.Matches(@"img2 : start=\s*4096, size=\s*524288, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B", dump);
        Assert.Matches(@"img3 : start=\s*528384, size=\s*131072, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, .*attrs=""LegacyBIOSBootable""", dump);
    }

    [Fact]
    public void The_protective_MBR_covers_the_disk_with_one_type_EE_entry_and_keeps_the_boot_code()
    {
        var code = Enumerable.Range(0, 440).Select(i => (byte)(i * 7)).ToArray();
        var gpt = GptPartitionTable.Build([], Guid.NewGuid(), 100_000, code);
        Assert.Equal(code, gpt.Start[..440]);
        Assert.Equal([0x00, 0x00, 0x02, 0x00, 0xEE, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0], gpt.Start[446..458]);
        Assert.Equal(99_999u, BitConverter.ToUInt32(gpt.Start, 458));
        Assert.Equal("EFI PART"u8.ToArray(), gpt.Start[512..520]);
        Assert.Equal(100_000 - 33, gpt.EndLba);
    }

    [Fact]
    public void Overlapping_partitions_are_refused()
    {
        var type = GptPartitionTypes.LinuxFilesystem;
        Assert.Throws<ArgumentException>(() => GptPartitionTable.Build(
            [new GptPartition(type, Guid.NewGuid(), 2048, 4095, 0, "a"), new GptPartition(type, Guid.NewGuid(), 4000, 8000, 0, "b")],
            Guid.NewGuid(), 100_000));
    }
}
