using System.Buffers.Binary;
using System.Text;
using DockerToLinux.Disks;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>
/// Format detection on files d2l's writers and qemu-img wrote, and on headers synthesized from the formats'
/// published layouts for the cases no writer makes (a cut-off file, a bare sector).
/// </summary>
public sealed class DiskFormatDetectorTests : IDisposable
{
    private static readonly DiskStamp Stamp = FormatCase.Stamp;
    private readonly TempDir _temp = new();

    [Theory]
    [MemberData(nameof(FormatCase.Names), MemberType = typeof(FormatCase))]
    public async Task A_disk_our_writer_made_is_recognised_as_the_format_and_variant_written(string name)
    {
        var format = FormatCase.All[name];
        string disk = _temp.File("ours" + format.Extension);
        await using (var target = DiskTargets.Create(format.Format, disk, 64L << 20, Stamp))
        {
            await target.WriteAsync(0, MbrHeader(), CancellationToken.None);
            await target.CompleteAsync(16L << 20, CancellationToken.None);
        }

        Assert.Same(format.Format, await DiskFormatDetector.DetectAsync(disk, CancellationToken.None));
    }

    [Theory]
    [InlineData("raw", "", "raw")]
    [InlineData("qcow2", "", "qcow2")]
    [InlineData("vdi", "", "vdi")]
    [InlineData("vmdk", "", "vmdk (monolithicSparse)")]
    [InlineData("vmdk", "subformat=streamOptimized", "vmdk (streamOptimized)")]
    [InlineData("vmdk", "subformat=monolithicFlat", "vmdk (text descriptor)")]
    [InlineData("vpc", "", "vhd (dynamic)")]
    [InlineData("vpc", "subformat=fixed", "vhd (fixed)")]
    [InlineData("vhdx", "", "vhdx")]
    public async Task A_disk_qemu_img_created_is_recognised_by_its_content(string qemuFormat, string options, string expected)
    {
        // A neutral extension: the name must not help.
        string disk = _temp.File("qemu.disk");
        string[] extra = options.Length > 0 ? ["-o", options] : [];
        Tool.Run("qemu-img", ["create", "-q", "-f", qemuFormat, .. extra, disk, "16M"], stdin: null).EnsureSuccess("qemu-img create");

        var format = await DiskFormatDetector.DetectAsync(disk, CancellationToken.None);

        Assert.Equal(expected, format.ToString());
        Assert.Equal(qemuFormat, format.QemuName);
    }

    [Fact]
    public async Task A_stream_optimized_vmdk_qemu_img_converted_is_recognised_as_stream_optimized()
    {
        string raw = _temp.File("disk.img"), disk = _temp.File("stream.disk");
        await File.WriteAllBytesAsync(raw, [.. MbrHeader(), .. new byte[(1 << 20) - 512]]);
        Tool.Run("qemu-img", "convert", "-f", "raw", "-O", "vmdk", "-o", "subformat=streamOptimized", raw, disk).EnsureSuccess("qemu-img convert");

        Assert.Same(DiskFormat.VmdkStreamOptimized, await DiskFormatDetector.DetectAsync(disk, CancellationToken.None));
    }

    [Fact]
    public void A_vdi_signature_at_offset_64_is_a_vdi()
    {
        byte[] header = Header("<<< Oracle VM VirtualBox Disk Image >>>\n");
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(64), 0xBEDA107F);
        Assert.Same(DiskFormat.Vdi, DiskFormatDetector.Detect(header, []));
    }

    [Fact]
    public void A_vhd_whose_tail_was_cut_off_is_recognised_by_the_footer_copy_at_its_start() =>
        Assert.Same(DiskFormat.VhdDynamic, DiskFormatDetector.Detect(Header("conectix\0\0\0\x02"), new byte[512]));

    [Fact]
    public void An_mbr_disk_with_no_container_magic_is_raw() =>
        Assert.Same(DiskFormat.Raw, DiskFormatDetector.Detect(MbrHeader(), new byte[512]));

    [Fact]
    public void A_file_shorter_than_a_qcow2_magic_is_raw() =>
        Assert.Same(DiskFormat.Raw, DiskFormatDetector.Detect("QF"u8, []));

    [Fact]
    public async Task A_missing_file_is_bad_input_naming_the_path()
    {
        var error = await Assert.ThrowsAsync<D2lException>(async () =>
            await DiskFormatDetector.DetectAsync(_temp.File("absent.img"), CancellationToken.None));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Contains("absent.img", error.Message);
    }

    private static byte[] Header(string magic)
    {
        var header = new byte[512];
        Encoding.Latin1.GetBytes(magic).CopyTo(header, 0);
        return header;
    }

    private static byte[] MbrHeader()
    {
        var header = new byte[512];
        header[0] = 0xEB;
        header[510] = 0x55;
        header[511] = 0xAA;
        return header;
    }

    public void Dispose() => _temp.Dispose();
}
