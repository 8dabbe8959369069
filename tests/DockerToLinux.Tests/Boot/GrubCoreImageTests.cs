using System.Buffers.Binary;
using DockerToLinux.Boot;
using DockerToLinux.Boot.Grub;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;
using SharpCompress.Compressors.LZMA;

namespace DockerToLinux.Tests.Boot;

// The referee is grub-mkimage from this machine's grub-pc-bin: our core.img must hold, once decompressed,
// exactly the payload grub-mkimage builds from the same modules and prefix.
public class GrubCoreImageTests
{
    private static readonly string[] Modules = ["biosdisk", "part_msdos", "ext2", "normal", "linux"];

    [Fact]
    public void Module_order_follows_moddep_like_grub_mkimage()
    {
        var files = HostFiles();
        var order = GrubModuleOrder.Resolve(Modules, files.Dependencies);
        Assert.Equal(["biosdisk", "part_msdos", "fshelp", "ext2", "terminal", "gettext", "bufio", "boot", "datetime", "priority_queue",
            "net", "crypto", "verifiers", "extcmd", "normal", "video", "video_fb", "vbe", "mmap", "relocator", "linux"], order);
    }

    [Fact]
    public void The_decompressed_payload_equals_grub_mkimage_output_byte_for_byte()
    {
        using var temp = new TempDir();
        const string Prefix = "(,msdos1)/boot/grub";
        string reference = temp.File("core.img");
        Tool.Run("grub-mkimage", ["-O", "i386-pc", "-o", reference, "-p", Prefix, .. Modules], stdin: null).EnsureSuccess("grub-mkimage");
        var files = HostFiles();

        var ours = GrubCoreImage.Build(files, Modules, Prefix, firstLba: 1);

        int decompressorLength = files.LzmaDecompressImage.Length;
        Assert.Equal(Payload(File.ReadAllBytes(reference), decompressorLength), Payload(ours, decompressorLength));
        // At LBA 1 the blocklist is grub-mkimage's default: start 2, the remaining sectors, segment 0x820.
        Assert.Equal(2, BinaryPrimitives.ReadInt64LittleEndian(ours.AsSpan(0x1F4)));
        Assert.Equal(ours.Length / 512 - 1, BinaryPrimitives.ReadUInt16LittleEndian(ours.AsSpan(0x1FC)));
        Assert.Equal(0x820, BinaryPrimitives.ReadUInt16LittleEndian(ours.AsSpan(0x1FE)));
    }

    [Fact]
    public void Boot_img_is_patched_with_the_core_sector_the_BIOS_drive_and_the_drive_check_NOPs()
    {
        var code = GrubBootSector.MbrCode(HostFiles().BootImage, 2048);
        Assert.Equal(440, code.Length);
        Assert.Equal(2048, BinaryPrimitives.ReadInt64LittleEndian(code.AsSpan(0x5C)));
        Assert.Equal(0xFF, code[0x64]);
        Assert.Equal([0x90, 0x90], code[0x66..0x68]);
    }

    private static byte[] Payload(byte[] core, int decompressorLength)
    {
        int header = 512;
        int compressed = BinaryPrimitives.ReadInt32LittleEndian(core.AsSpan(header + 0x08));
        int uncompressed = BinaryPrimitives.ReadInt32LittleEndian(core.AsSpan(header + 0x0C));
        byte[] properties = [0x5D, 0, 0, 0x10, 0];
        using var input = new MemoryStream(core, header + decompressorLength, compressed);
        using var lzma = LzmaStream.Create(properties, input, compressed, uncompressed);
        var payload = new byte[uncompressed];
        lzma.ReadExactly(payload);
        return payload;
    }

    private static GrubPcFiles HostFiles()
    {
        var tree = new FileTree(_ => { });
        return GrubPcLocator.LocateAsync(tree, new MemoryContentStore(), new BootFileReader(), "host", default).GetAwaiter().GetResult();
    }
}
