using DockerToLinux.Disks;
using DockerToLinux.Disks.Sources;
using DockerToLinux.Pipeline;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>
/// Each writer fed the same pattern of writes as a raw disk, judged by qemu-img (check, compare, info), and
/// each reader judged by converting back to raw and comparing bytes, also on files qemu-img wrote.
/// </summary>
public sealed class DiskTargetFormatTests : IDisposable
{
    private const long Size = 80L << 20;
    private const long MaxSize = 4L << 30;
    private static readonly DiskStamp Stamp = FormatCase.Stamp;
    private readonly TempDir _temp = new();

    [Theory]
    [MemberData(nameof(FormatCase.Names), MemberType = typeof(FormatCase))]
    public async Task A_written_disk_passes_qemu_img_check_and_compares_identical_to_raw(string name)
    {
        var format = FormatCase.All[name];
        string raw = _temp.File("disk.img"), disk = _temp.File("disk" + format.Extension);
        await WritePatternAsync(DiskTargets.Create(DiskFormat.Raw, raw, MaxSize, Stamp));
        await WritePatternAsync(DiskTargets.Create(format.Format, disk, MaxSize, Stamp));

        if (format.QemuChecks)
        {
            Tool.Run("qemu-img", "check", "-f", format.QemuFormat, disk).EnsureSuccess("qemu-img check");
        }
        Assert.Contains($"virtual size: 80 MiB ({Size} bytes)", Tool.Run("qemu-img", "info", "-f", format.QemuFormat, disk).StdOut);
        var compare = Tool.Run("qemu-img", "compare", "-f", "raw", "-F", format.QemuFormat, raw, disk);
        Assert.True(compare.ExitCode == 0, compare.StdOut + compare.StdErr);
        Assert.True(Allocated(disk) <= Allocated(raw) * 101 / 100 + (4 << 20), $"{Allocated(disk)} bytes on disk against raw's {Allocated(raw)}");
    }

    [Theory]
    [MemberData(nameof(FormatCase.Names), MemberType = typeof(FormatCase))]
    public async Task Raw_to_each_format_and_back_is_byte_identical(string name)
    {
        var format = FormatCase.All[name];
        string raw = _temp.File("disk.img"), disk = _temp.File("disk" + format.Extension), back = _temp.File("back.img");
        await WritePatternAsync(DiskTargets.Create(DiskFormat.Raw, raw, MaxSize, Stamp));
        var converter = new DiskConverter();
        await converter.ConvertAsync(raw, disk, format.Format, false, Stamp, null, CancellationToken.None);
        await converter.ConvertAsync(disk, back, DiskFormat.Raw, false, Stamp, null, CancellationToken.None);

        Assert.True(File.ReadAllBytes(raw).AsSpan().SequenceEqual(File.ReadAllBytes(back)), "the round trip changed the disk");
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", format.QemuFormat, raw, disk).EnsureSuccess("qemu-img compare");
    }

    [Theory]
    [InlineData("vdi", "")]
    [InlineData("vdi", "static=on")]
    [InlineData("qcow2", "")]
    [InlineData("qcow2", "compress")]
    [InlineData("vmdk", "")]
    [InlineData("vmdk", "subformat=streamOptimized")]
    [InlineData("vpc", "force_size=on")]
    [InlineData("vpc", "subformat=fixed,force_size=on")]
    [InlineData("vhdx", "")]
    [InlineData("vhdx", "subformat=fixed,block_size=8M")]
    public async Task Disks_qemu_img_wrote_convert_to_the_same_raw_bytes(string qemuFormat, string options)
    {
        string raw = _temp.File("disk.img"), disk = _temp.File("qemu." + qemuFormat), back = _temp.File("back.img");
        await WritePatternAsync(DiskTargets.Create(DiskFormat.Raw, raw, MaxSize, Stamp));
        string[] extra = options == "compress" ? ["-c"] : options.Length > 0 ? ["-o", options] : [];
        Tool.Run("qemu-img", ["convert", "-f", "raw", "-O", qemuFormat, .. extra, raw, disk], stdin: null).EnsureSuccess("qemu-img convert");

        await new DiskConverter().ConvertAsync(disk, back, DiskFormat.Raw, false, Stamp, null, CancellationToken.None);

        Assert.True(File.ReadAllBytes(raw).AsSpan().SequenceEqual(File.ReadAllBytes(back)), "reading qemu-img's file changed the disk");
    }

    [Fact]
    public async Task The_same_input_gives_byte_identical_files_in_every_format()
    {
        foreach (var format in FormatCase.All.Values)
        {
            string first = _temp.File("a" + format.Extension), second = _temp.File("b" + format.Extension);
            await WritePatternAsync(DiskTargets.Create(format.Format, first, MaxSize, Stamp, "disk" + format.Extension));
            await WritePatternAsync(DiskTargets.Create(format.Format, second, MaxSize, Stamp, "disk" + format.Extension));
            Assert.True(File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(second)), $"{format.Name} differs between runs");
        }
    }

    [Fact]
    public async Task A_truncated_disk_is_bad_input()
    {
        string disk = _temp.File("disk.qcow2");
        await WritePatternAsync(DiskTargets.Create(DiskFormat.Qcow2, disk, MaxSize, Stamp));
        await using (var file = File.OpenWrite(disk))
        {
            file.SetLength(4096);
        }
        var error = await Assert.ThrowsAsync<D2lException>(async () => await DiskSources.OpenAsync(disk, CancellationToken.None));
        Assert.Equal(FailureKind.BadInput, error.Kind);
    }

    // What ext4 does to a disk: scattered and unaligned writes, zero writes to new blocks, overwrites,
    // reads of its own data, ranges zeroed again, and a size fixed at the end.
    private static async Task WritePatternAsync(IDiskTarget target)
    {
        await using (target)
        {
            var random = new Random(42);
            var data = new byte[300_000];
            random.NextBytes(data);
            var ct = CancellationToken.None;
            await target.WriteAsync(0, data.AsMemory(0, 512), ct);
            await target.WriteAsync((1 << 20) + 4096, data, ct);
            await target.WriteAsync(3 << 20, new byte[1 << 20], ct);
            await target.WriteAsync((7L << 20) - 1000, data.AsMemory(0, 70_000), ct);
            await target.WriteAsync(40L << 20, data.AsMemory(1000, 65536), ct);
            await target.WriteAsync((1 << 20) + 8192, data.AsMemory(5, 100), ct);
            var readBack = new byte[70_000];
            await target.ReadAsync((7L << 20) - 1000, readBack, ct);
            Assert.True(readBack.AsSpan().SequenceEqual(data.AsSpan(0, 70_000)), "a read did not return what was written");
            await target.ReadAsync(20L << 20, readBack, ct);
            Assert.False(readBack.AsSpan().ContainsAnyExcept((byte)0), "an unwritten range did not read as zeros");
            await target.ZeroAsync((1 << 20) + 50_000, 20_000, ct);
            await target.ZeroAsync(60L << 20, 1 << 20, ct);
            await target.WriteAsync(Size - 4096, data.AsMemory(0, 4096), ct);
            await target.CompleteAsync(Size, ct);
        }
    }

    private static long Allocated(string path) => long.Parse(Tool.Run("stat", "-c", "%b", path).StdOut.Trim()) * 512;

    public void Dispose() => _temp.Dispose();
}
