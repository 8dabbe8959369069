using System.Buffers.Binary;
using System.Text;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Qemu;

/// <summary>Format detection on headers synthesized from the formats' published layouts.</summary>
public sealed class DiskFormatDetectorTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void A_qcow2_header_is_named_qcow2() =>
        Assert.Equal("qcow2", DiskFormatDetector.Detect(Header("QFI\xfb\0\0\0\x03"), []));

    [Fact]
    public void A_vdi_signature_at_offset_64_is_named_vdi()
    {
        byte[] header = Header("<<< Oracle VM VirtualBox Disk Image >>>\n");
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(64), 0xBEDA107F);
        Assert.Equal("vdi", DiskFormatDetector.Detect(header, []));
    }

    [Fact]
    public void A_vmdk_sparse_extent_is_named_vmdk() =>
        Assert.Equal("vmdk", DiskFormatDetector.Detect(Header("KDMV\x01\0\0\0"), []));

    [Fact]
    public void A_vmdk_descriptor_file_is_named_vmdk() =>
        Assert.Equal("vmdk", DiskFormatDetector.Detect(Header("# Disk DescriptorFile\nversion=1\n"), []));

    [Fact]
    public void A_dynamic_vhd_with_its_footer_copy_first_is_named_vpc() =>
        Assert.Equal("vpc", DiskFormatDetector.Detect(Header("conectix\0\0\0\x02"), Header("conectix")));

    [Fact]
    public void A_fixed_vhd_with_its_footer_only_at_the_end_is_named_vpc() =>
        Assert.Equal("vpc", DiskFormatDetector.Detect(MbrHeader(), Header("conectix\0\0\0\x02")));

    [Fact]
    public void A_vhdx_file_identifier_is_named_vhdx() =>
        Assert.Equal("vhdx", DiskFormatDetector.Detect(Header("vhdxfile"), []));

    [Fact]
    public void An_mbr_disk_with_no_container_magic_is_raw() =>
        Assert.Equal("raw", DiskFormatDetector.Detect(MbrHeader(), new byte[512]));

    [Fact]
    public void A_file_smaller_than_a_sector_is_raw() =>
        Assert.Equal("raw", DiskFormatDetector.Detect("QF"u8, []));

    [Fact]
    public void A_fixed_vhd_file_on_disk_is_recognised_by_its_last_sector()
    {
        string path = _temp.File("fixed.vhd");
        var bytes = new byte[4096];
        MbrHeader().CopyTo(bytes, 0);
        Encoding.Latin1.GetBytes("conectix").CopyTo(bytes, bytes.Length - 512);
        File.WriteAllBytes(path, bytes);

        Assert.Equal("vpc", DiskFormatDetector.Detect(path));
    }

    [Fact]
    public void A_missing_file_is_bad_input_naming_the_path()
    {
        var error = Assert.Throws<D2lException>(() => DiskFormatDetector.Detect(_temp.File("absent.img")));
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
