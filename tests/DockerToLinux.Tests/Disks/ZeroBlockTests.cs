using DockerToLinux.Disks;
using DockerToLinux.Tests.Disks.VendorRules;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>
/// No sparse format stores a block that holds only zeros, even where a later layer deleted files whose blocks
/// the ext4 writer zeroed after they were stored; the disk still reads the same as the raw build.
/// </summary>
public sealed class ZeroBlockTests
{
    [Theory]
    [MemberData(nameof(StoredBlocks.FormatNames), MemberType = typeof(StoredBlocks))]
    public async Task A_disk_with_deleted_files_stores_no_all_zero_block_and_reads_as_the_raw_build(string name)
    {
        var format = FormatCase.All[name];
        string disk = await VendorTestDisks.PathAsync(format), raw = await VendorTestDisks.RawAsync();

        var stored = StoredBlocks.Read(format.Format, File.ReadAllBytes(disk));

        var zero = stored.Where(block => !block.Data.AsSpan().ContainsAnyExcept((byte)0)).Select(block => block.Index).ToList();
        Assert.True(zero.Count == 0, $"{zero.Count} of {stored.Count} stored blocks are all zeros: {string.Join(", ", zero)}");
        Assert.Equal(stored.Count, stored.Select(block => block.FileOffset).Distinct().Count());
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", format.QemuFormat, raw, disk).EnsureSuccess("qemu-img compare");
    }

    [Theory]
    [InlineData("vdi")]
    [InlineData("vhd")]
    public async Task Building_the_disk_with_deleted_files_twice_gives_the_same_bytes(string name)
    {
        var format = FormatCase.All[name];
        using var temp = new TempDir();
        string first = await VendorTestDisks.PathAsync(format);
        string second = await VendorTestDisks.BuildAsync(format.Format, temp.File(Path.GetFileName(first)));

        Tool.Run("cmp", first, second).EnsureSuccess("cmp of two builds");
    }

    [Theory]
    [MemberData(nameof(StoredBlocks.FormatNames), MemberType = typeof(StoredBlocks))]
    public async Task Blocks_zeroed_piece_by_piece_or_overwritten_with_zeros_are_not_stored_and_the_last_block_fills_the_gap(string name)
    {
        var format = FormatCase.All[name];
        using var temp = new TempDir();
        string path = temp.File("disk" + format.Extension);
        const int Block = 2 << 20;
        var data = new byte[Block];
        new Random(3).NextBytes(data);
        var ct = CancellationToken.None;
        await using (var target = DiskTargets.Create(format.Format, path, 64L << 20, FormatCase.Stamp))
        {
            for (int i = 0; i < 4; i++)
            {
                await target.WriteAsync((long)i * Block, data, ct);
            }
            await target.ZeroAsync(Block, Block / 2, ct);
            await target.ZeroAsync(Block + Block / 2, Block / 2, ct);
            await target.WriteAsync(2L * Block, new byte[Block], ct);
            await target.CompleteAsync(16L << 20, ct);
        }

        var stored = StoredBlocks.Read(format.Format, File.ReadAllBytes(path));

        Assert.DoesNotContain(stored, block => !block.Data.AsSpan().ContainsAnyExcept((byte)0));
        Assert.Equal(2 * Block, stored.Sum(block => (long)block.Data.Length));
        if (format.QemuChecks)
        {
            Tool.Run("qemu-img", "check", "-f", format.QemuFormat, path).EnsureSuccess("qemu-img check");
        }
        string raw = temp.File("raw.img");
        await using (var file = File.Create(raw))
        {
            file.SetLength(16L << 20);
            file.Write(data);
            file.Position = 3L * Block;
            file.Write(data);
        }
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", format.QemuFormat, raw, path).EnsureSuccess("qemu-img compare");
    }
}
