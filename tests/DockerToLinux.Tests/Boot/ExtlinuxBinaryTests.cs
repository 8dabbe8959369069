using System.Buffers.Binary;
using System.Security.Cryptography;
using DockerToLinux.Boot;

namespace DockerToLinux.Tests.Boot;

public class ExtlinuxBinaryTests
{
    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [DebianExtlinuxFact]
    public void The_blobs_cut_from_Debians_extlinux_match_the_hashes_in_the_spec()
    {
        var blobs = ExtlinuxBinary.Extract(File.ReadAllBytes(HostBootCode.Extlinux));
        Assert.StartsWith("94bb1010", Sha256(blobs.BootSector));
        Assert.StartsWith("266813dd", Sha256(blobs.Ldlinux));
        Assert.StartsWith("087ab8d6", Sha256(blobs.LdlinuxC32));
        Assert.Equal(512, blobs.BootSector.Length);
        Assert.Equal(58368, blobs.Ldlinux.Length);
        Assert.Equal(119532, blobs.LdlinuxC32.Length);
    }

    [DebianExtlinuxFact]
    public void The_patch_area_fields_are_read_through_the_EPA()
    {
        var blobs = ExtlinuxBinary.Extract(File.ReadAllBytes(HostBootCode.Extlinux));
        var area = LdlinuxPatchArea.Read(blobs.Ldlinux);
        Assert.Equal(0x18, area.Magic);
        Assert.Equal(0x16D8, area.AdvPointers);
        Assert.Equal((0x145C, 256), area.Directory);
        Assert.Equal((0x01EE, 192), area.Extents);
        Assert.Equal(0x11A, area.Sect1Ptr0);
        Assert.Equal(0x120, area.Sect1Ptr1);
        Assert.Equal(0xDEADBEEFu, BinaryPrimitives.ReadUInt32LittleEndian(blobs.BootSector.AsSpan(area.Sect1Ptr0)));
    }

    [InstalledExtlinuxFact]
    public void Any_installed_extlinux_yields_blobs_that_hold_together()
    {
        var blobs = ExtlinuxBinary.Extract(File.ReadAllBytes(HostBootCode.Extlinux));
        Assert.Equal([0x55, 0xAA], blobs.BootSector[510..]);
        Assert.Equal(0, blobs.Ldlinux.Length % 512);
        Assert.Equal("\r\nSYSLINUX ", System.Text.Encoding.ASCII.GetString(blobs.Ldlinux, 0, 11));
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F', 1], blobs.LdlinuxC32[..5]);
    }

    [Fact]
    public void A_file_that_is_not_extlinux_is_rejected_with_a_reason()
    {
        var error = Assert.Throws<InvalidDataException>(() => ExtlinuxBinary.Extract(new byte[4096]));
        Assert.Contains("ELF", error.Message);
    }

    [DebianExtlinuxFact]
    public void A_boot_sector_from_another_build_is_refused()
    {
        var binary = File.ReadAllBytes(HostBootCode.Extlinux);
        var blobs = ExtlinuxBinary.Extract(binary);
        int instanceInBinary = binary.AsSpan().IndexOf(blobs.BootSector.AsSpan(0x100, 64));
        var area = LdlinuxPatchArea.Read(blobs.Ldlinux);
        int bootSectorAt = binary.AsSpan().IndexOf(blobs.BootSector.AsSpan());
        int stamp = blobs.BootSector.AsSpan().IndexOf(BitConverter.GetBytes(area.Instance));
        binary[bootSectorAt + stamp] ^= 0xFF;
        Assert.True(instanceInBinary >= 0);
        var error = Assert.Throws<InvalidDataException>(() => ExtlinuxBinary.Extract(binary));
        Assert.Contains("different syslinux builds", error.Message);
    }
}
