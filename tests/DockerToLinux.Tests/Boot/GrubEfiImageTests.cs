using System.Buffers.Binary;
using DockerToLinux.Boot;
using DockerToLinux.Boot.Grub;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Boot;

// The referee is grub-mkimage from this machine's grub-efi-amd64-bin: for the same kernel.img, modules, embedded
// config and prefix, our BOOTX64.EFI must be the very bytes grub-mkimage writes (its COFF time stamp is a
// constant, 2015-01-01, so nothing legitimately differs).
public class GrubEfiImageTests
{
    private static readonly string[] Modules =
        ["part_gpt", "part_msdos", "ext2", "fat", "search", "search_fs_uuid", "normal", "configfile", "linux", "echo", "test", "serial", "terminal"];

    [Fact]
    public void The_image_equals_grub_mkimage_output_byte_for_byte()
    {
        using var temp = new TempDir();
        const string Config = "search --no-floppy --fs-uuid --set=root 0c1f2b4e-3a5d-4c6b-8e9f-a0b1c2d3e4f5\nset prefix=($root)/boot/grub\nconfigfile $prefix/grub.cfg\n";
        const string Prefix = "/boot/grub";
        string configFile = temp.File("early.cfg");
        File.WriteAllText(configFile, Config);
        string reference = temp.File("grub.efi");
        Tool.Run("grub-mkimage", ["-O", "x86_64-efi", "-d", GrubEfiImage.Directory, "-o", reference, "-p", Prefix, "-c", configFile, .. Modules],
            stdin: null).EnsureSuccess("grub-mkimage");

        var ours = GrubEfiImage.Build(HostFiles(), Modules, Config, Prefix);

        var expected = File.ReadAllBytes(reference);
        Assert.Equal(expected.Length, ours.Length);
        int firstDifference = expected.AsSpan().CommonPrefixLength(ours);
        Assert.True(firstDifference == ours.Length, $"first difference at byte 0x{firstDifference:x}");
    }

    [Fact]
    public void Without_modules_or_config_the_image_still_equals_grub_mkimage_output()
    {
        using var temp = new TempDir();
        string reference = temp.File("grub.efi");
        Tool.Run("grub-mkimage", ["-O", "x86_64-efi", "-d", GrubEfiImage.Directory, "-o", reference, "-p", "(hd0,gpt2)/boot/grub"], stdin: null)
            .EnsureSuccess("grub-mkimage");

        var ours = GrubEfiImage.Build(HostFiles(), [], null, "(hd0,gpt2)/boot/grub");

        Assert.Equal(File.ReadAllBytes(reference), ours);
    }

    [Fact]
    public void The_image_is_a_PE32_plus_EFI_application_whose_base_relocations_cover_whole_pages()
    {
        var image = GrubEfiImage.Build(HostFiles(), ["ext2"], null, "/boot/grub");

        Assert.Equal("MZ"u8.ToArray(), image[..2]);
        int pe = BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(0x3C));
        Assert.Equal("PE\0\0"u8.ToArray(), image[pe..(pe + 4)]);
        Assert.Equal(0x8664, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(pe + 4)));
        Assert.Equal(0x20B, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(pe + 24)));
        Assert.Equal(10, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(pe + 24 + 68)));
        uint relocSize = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(pe + 24 + 156));
        Assert.True(relocSize > 0 && relocSize % 0x1000 == 0);
        Assert.Equal(image.Length, (int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(pe + 24 + 56)));
    }

    private static GrubDirectory HostFiles()
    {
        var tree = new FileTree(_ => { });
        return GrubDirectory.ReadAsync(tree, new MemoryContentStore(), new BootFileReader(), GrubEfiImage.Directory, ["kernel.img"], default)
            .GetAwaiter().GetResult() ?? throw new InvalidOperationException("this machine has no GRUB x86_64-efi directory");
    }
}
