using System.Text;
using DockerToLinux.Disks;
using DockerToLinux.Disks.Fat32;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

public class Fat32BuilderTests
{
    [Fact]
    public async Task An_ESP_with_long_names_and_a_multi_megabyte_file_is_clean_for_fsck_fat_and_mtools_reads_every_file_back()
    {
        using var temp = new TempDir();
        string path = temp.File("esp.img");
        var big = Enumerable.Range(0, 3_000_001).Select(i => (byte)(i * 31 + (i >> 9))).ToArray();
        var files = new Dictionary<string, byte[]>
        {
            ["EFI/BOOT/BOOTX64.EFI"] = Encoding.ASCII.GetBytes("MZ not really a loader"),
            ["loader/loader.conf"] = Encoding.ASCII.GetBytes("default d2l.conf\ntimeout 0\n"),
            ["loader/entries/debian-6.1.0-56-amd64.conf"] = Encoding.ASCII.GetBytes("title exactly 26 characters long\n"),
            ["loader/entries/d2l.conf"] = Encoding.ASCII.GetBytes("title d2l\n"),
            ["d2l/vmlinuz-6.1.0-56-amd64"] = big,
            ["d2l/initrd.img-6.1.0-56-amd64"] = big[..1000],
            ["d2l/empty"] = [],
            ["Mixed Case.conf"] = Encoding.ASCII.GetBytes("x"),
        };
        await using (var disk = new RawDiskTarget(path))
        {
            var builder = new Fat32Builder(disk, 100L << 20, 2048, 0x1234ABCD, "ESP", new DateTimeOffset(2024, 5, 6, 7, 8, 10, TimeSpan.Zero));
            foreach (var (name, bytes) in files)
            {
                await builder.AddFileAsync(name, bytes, default);
            }
            for (int i = 0; i < 40; i++)
            {
                await builder.AddFileAsync($"many/file-number-{i}.txt", Encoding.ASCII.GetBytes($"{i}"), default);
            }
            await builder.FinishAsync(default);
            await disk.CompleteAsync(100L << 20, default);
        }

        var fsck = Tool.Run("fsck.fat", "-n", "-V", path);
        Assert.True(fsck.ExitCode == 0, fsck.StdOut + fsck.StdErr);
        Assert.DoesNotContain("differ", fsck.StdOut);
        string listing = Tool.Run("mdir", "-/", "-i", path, "::").EnsureSuccess("mdir").StdOut;
        Assert.Contains("debian-6.1.0-56-amd64.conf", listing);
        Assert.Contains("file-number-39.txt", listing);
        foreach (var (name, bytes) in files)
        {
            string copy = temp.File("copy");
            Tool.Run("mcopy", "-n", "-i", path, "::" + name, copy).EnsureSuccess($"mcopy {name}");
            Assert.Equal(bytes, await File.ReadAllBytesAsync(copy));
            File.Delete(copy);
        }
    }

    [Theory]
    [InlineData(100L << 20, 1, 201_616)]
    [InlineData(256L << 20, 1, 516_190)]
    [InlineData(512L << 20, 8, 130_812)]
    public void Cluster_size_and_count_match_mkfs_fat(long size, int sectorsPerCluster, long clusters)
    {
        var geometry = Fat32Geometry.For(size);
        Assert.Equal(sectorsPerCluster, geometry.SectorsPerCluster);
        Assert.InRange(geometry.Clusters, clusters - 64, clusters + 64);
    }

    [Fact]
    public void A_volume_too_small_for_65525_clusters_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fat32Geometry.For(30L << 20));
    }

    [Theory]
    [InlineData("loader", "LOADER     ", 0x08, false)]
    [InlineData("BOOTX64.EFI", "BOOTX64 EFI", 0x00, false)]
    [InlineData("initrd.img", "INITRD  IMG", 0x18, false)]
    [InlineData("loader.conf", "LOADER~1CON", 0x00, true)]
    [InlineData("vmlinuz-6.1.0-56-amd64", "VMLINU~10-5", 0x00, true)]
    [InlineData("Mixed Case.conf", "MIXEDC~1CON", 0x00, true)]
    public void Short_names_follow_the_8_3_rules_and_generate_numeric_tails(string name, string expected, byte flags, bool longName)
    {
        var shortName = FatShortName.For(name, new HashSet<string>());
        Assert.Equal(expected, Encoding.ASCII.GetString(shortName.Bytes));
        Assert.Equal(flags, shortName.CaseFlags);
        Assert.Equal(longName, shortName.NeedsLongName);
    }

    [Fact]
    public void The_long_name_checksum_of_LOADER_1CON_is_the_one_mtools_writes()
    {
        Assert.Equal(0xB6, FatShortName.For("loader.conf", new HashSet<string>()).Checksum());
    }
}
