using DockerToLinux.Disks;

namespace DockerToLinux.Tests.Disks;

/// <summary>The names, extensions and variants the command line accepts for a disk format.</summary>
public sealed class DiskFormatNamesTests
{
    [Fact]
    public void An_unknown_format_name_is_bad_input_naming_the_known_ones()
    {
        var error = Assert.Throws<D2lException>(() => DiskFormatNames.Resolve("floppy", "disk.img"));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Equal((Setting.Format, "unknown format 'floppy' (known: raw, vdi, qcow2, vmdk, vhd, vhdx, ova)"), (error.Setting, error.Message));
    }

    [Theory]
    [InlineData("raw", "raw")]
    [InlineData("IMG", "raw")]
    [InlineData("vdi", "vdi")]
    [InlineData("qcow2", "qcow2")]
    [InlineData("vmdk", "vmdk (monolithicSparse)")]
    [InlineData("vhd", "vhd (dynamic)")]
    [InlineData("vpc", "vhd (dynamic)")]
    public void Each_format_name_and_alias_picks_its_format_whatever_the_extension(string name, string expected) =>
        Assert.Equal(expected, DiskFormatNames.Resolve(name, "disk.qcow2").ToString());

    [Theory]
    [InlineData("x/disk.VDI", "vdi")]
    [InlineData("disk.qcow2", "qcow2")]
    [InlineData("disk.vmdk", "vmdk (monolithicSparse)")]
    [InlineData("disk.vhd", "vhd (dynamic)")]
    [InlineData("disk.vpc", "vhd (dynamic)")]
    [InlineData("disk.img", "raw")]
    [InlineData("disk", "raw")]
    [InlineData("disk.vhdx", "vhdx")]
    [InlineData("disk.ova", "ova")]
    public void Without_a_name_the_output_extension_picks_the_format(string path, string expected) =>
        Assert.Equal(expected, DiskFormatNames.Resolve(null, path).ToString());

    [Fact]
    public void The_variants_apply_to_their_own_container_only()
    {
        Assert.Same(DiskFormat.VhdFixed, DiskFormatNames.Resolve("vhd", "disk.img", vhdVariant: "fixed"));
        Assert.Same(DiskFormat.VmdkStreamOptimized, DiskFormatNames.Resolve(null, "disk.vmdk", vmdkVariant: "STREAMOPTIMIZED"));
        Assert.Same(DiskFormat.Qcow2, DiskFormatNames.Resolve("qcow2", "disk.img", "streamOptimized", "fixed"));
    }

    [Fact]
    public void An_unknown_variant_is_bad_input_naming_the_known_ones()
    {
        var error = Assert.Throws<D2lException>(() => DiskFormatNames.Resolve(null, "disk.vmdk", vmdkVariant: "flat"));
        Assert.Equal((Setting.VmdkVariant, "unknown VMDK variant 'flat' (known: monolithicSparse, streamOptimized)"), (error.Setting, error.Message));
    }

    [Theory]
    [InlineData("vpc", "vpc")]
    [InlineData("vhd", "vpc")]
    [InlineData("vhdx", "vhdx")]
    [InlineData("img", "raw")]
    [InlineData("qed", "qed")]
    public void A_disk_to_boot_is_named_by_d2l_s_or_qemu_s_name(string name, string qemuName) =>
        Assert.Equal(qemuName, DiskFormatNames.ForBoot(name).QemuName);

    [Fact]
    public void A_boot_format_name_that_would_add_qemu_options_is_bad_input() =>
        Assert.Equal(FailureKind.BadInput, Assert.Throws<D2lException>(() => DiskFormatNames.ForBoot("raw,if=ide")).Kind);
}
