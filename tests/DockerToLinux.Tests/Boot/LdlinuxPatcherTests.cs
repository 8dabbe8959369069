using System.Buffers.Binary;
using DockerToLinux.Boot;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Boot;

public class LdlinuxPatcherTests
{
    private static SyslinuxBlobs HostBlobs() => ExtlinuxBinary.Extract(File.ReadAllBytes(HostBootCode.Extlinux));

    [DebianExtlinuxFact]
    public void A_patched_image_passes_every_check_the_boot_code_makes()
    {
        // A longer image than Debian's (zero sectors appended) so that one run exceeds 127 sectors.
        var longer = Longer(HostBlobs().Ldlinux, 200);
        int n = longer.Length / 512 + 2;
        // Two runs with a gap, the second longer than 127 sectors, so the table must split it.
        var sectors = Enumerable.Range(0, 10).Select(i => 5000L + i)
            .Concat(Enumerable.Range(0, n - 10).Select(i => 90000L + i)).ToList();
        var patched = LdlinuxPatcher.Patch(longer, sectors, "/boot/syslinux");
        var area = LdlinuxPatchArea.Read(patched);

        Assert.Equal(0x3EB202FEu, LdlinuxPatcher.SumOfWords(patched));
        Assert.Equal(n - 2, BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(area.DataSectors)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan(area.AdvSectors)));
        Assert.Equal((uint)longer.Length / 4, BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(area.Dwords)));
        Assert.Equal(sectors[^2], BinaryPrimitives.ReadInt64LittleEndian(patched.AsSpan(area.AdvPointers)));
        Assert.Equal(sectors[^1], BinaryPrimitives.ReadInt64LittleEndian(patched.AsSpan(area.AdvPointers + 8)));
        Assert.Equal("/boot/syslinux\0", System.Text.Encoding.ASCII.GetString(patched, area.Directory.Offset, 15));

        var extents = DecodeExtents(patched, area);
        Assert.Equal(sectors.Skip(1).Take(n - 3), extents.SelectMany(e => Enumerable.Range(0, e.Count).Select(i => e.Lba + i)));
        Assert.All(extents, e => Assert.InRange(e.Count, 1, 127));
        Assert.Equal([9, 127, 127, n - 3 - 9 - 254], extents.Select(e => e.Count));
    }

    [DebianExtlinuxFact]
    public void The_boot_sector_carries_the_first_sector_and_the_partition_geometry()
    {
        var blobs = HostBlobs();
        var area = LdlinuxPatchArea.Read(blobs.Ldlinux);
        long first = 0x1_2345_6789;
        var sector = VolumeBootRecord.Build(blobs, first, 2048, 1_000_000);
        Assert.Equal(0x2345_6789u, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(area.Sect1Ptr0)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(area.Sect1Ptr1)));
        Assert.Equal(2048u, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(0x1C)));
        Assert.Equal(1_000_000u, BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(0x20)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x13)));
        Assert.Equal(blobs.BootSector[0x1F8..], sector[0x1F8..]);
    }

    [Fact]
    public void An_empty_ADV_has_both_magics_and_a_checksum_that_sums_right()
    {
        var adv = AdvSector.Empty();
        Assert.True(AdvSector.IsValid(adv));
        Assert.Equal(0xA3041767u, BinaryPrimitives.ReadUInt32LittleEndian(adv.AsSpan(4)));
        adv[100] = 1;
        Assert.False(AdvSector.IsValid(adv));
    }

    [DebianExtlinuxFact]
    public void A_file_in_more_pieces_than_the_extent_table_holds_is_refused()
    {
        var longer = Longer(HostBlobs().Ldlinux, 200);
        int n = longer.Length / 512 + 2;
        var scattered = Enumerable.Range(0, n).Select(i => 1000L + 2 * i).ToList();
        Assert.Throws<InvalidDataException>(() => LdlinuxPatcher.Patch(longer, scattered, "/boot/syslinux"));
    }

    [MountingRefereeFact]
    public async Task Patching_reproduces_the_real_extlinux_install_byte_for_byte()
    {
        using var temp = new TempDir();
        string image = temp.File("fs.img"), mountPoint = temp.File("mnt");
        Directory.CreateDirectory(mountPoint);
        Tool.Run("truncate", "-s", "64M", image).EnsureSuccess("truncate");
        Tool.Run("mkfs.ext4", "-q", "-F", "-b", "4096", image).EnsureSuccess("mkfs.ext4");
        Tool.Run("mount", "-o", "loop", image, mountPoint).EnsureSuccess("mount");
        try
        {
            Directory.CreateDirectory(Path.Combine(mountPoint, "boot/syslinux"));
            Tool.Run("extlinux", "--install", Path.Combine(mountPoint, "boot/syslinux")).EnsureSuccess("extlinux --install");
        }
        finally
        {
            Tool.Run("umount", mountPoint).EnsureSuccess("umount");
        }

        var blocks = Tool.Run("debugfs", "-R", "blocks /boot/syslinux/ldlinux.sys", image).EnsureSuccess("debugfs blocks")
            .StdOut.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);
        string dumped = temp.File("ldlinux.sys");
        Tool.Run("debugfs", "-R", $"dump /boot/syslinux/ldlinux.sys {dumped}", image).EnsureSuccess("debugfs dump");
        var installed = await File.ReadAllBytesAsync(dumped);

        var blobs = HostBlobs();
        int n = blobs.Ldlinux.Length / 512 + 2;
        var sectors = blocks.SelectMany(block => Enumerable.Range(0, 8).Select(i => block * 8 + i)).Take(n).ToList();
        var ours = LdlinuxPatcher.Patch(blobs.Ldlinux, sectors, "/boot/syslinux");
        Assert.Equal(installed.Length, ours.Length + 1024);
        Assert.True(installed.AsSpan(0, ours.Length).SequenceEqual(ours), "patched ldlinux.sys differs from extlinux's");
        Assert.True(AdvSector.IsValid(installed.AsSpan(ours.Length, 512)));
        Assert.Equal(AdvSector.Empty(), installed[ours.Length..(ours.Length + 512)]);

        var bootSector = new byte[512];
        await using (var file = File.OpenRead(image))
        {
            await file.ReadExactlyAsync(bootSector);
        }
        var ourBootSector = VolumeBootRecord.Build(blobs, sectors[0], 0, 64L * 2048);
        // extlinux writes the geometry it reads from the device (32×64 for a loop file); d2l writes 255×63.
        BinaryPrimitives.WriteUInt32LittleEndian(ourBootSector.AsSpan(0x18), BinaryPrimitives.ReadUInt32LittleEndian(bootSector.AsSpan(0x18)));
        Assert.Equal(Convert.ToHexString(bootSector), Convert.ToHexString(ourBootSector));
    }

    private static byte[] Longer(byte[] image, int extraSectors) => [.. image, .. new byte[extraSectors * 512]];

    private static List<(long Lba, int Count)> DecodeExtents(byte[] image, LdlinuxPatchArea area)
    {
        var extents = new List<(long, int)>();
        for (int i = 0; i < area.Extents.Count; i++)
        {
            var entry = image.AsSpan(area.Extents.Offset + 10 * i, 10);
            int count = BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]);
            if (count == 0)
            {
                break;
            }
            extents.Add((BinaryPrimitives.ReadInt64LittleEndian(entry), count));
        }
        return extents;
    }
}
