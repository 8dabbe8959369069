using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;

namespace DockerToLinux.Tests.Kernels;

/// <summary>Small stand-ins for the files of kernel images: headers as the formats define them, no real code.</summary>
public static class KernelFiles
{
    /// <summary>A bzImage's first 8 KiB: boot flag, "HdrS" and a kernel_version pointer to <paramref name="release"/>.</summary>
    public static byte[] BzImage(string release = "6.1.0-50-amd64")
    {
        var bytes = new byte[8192];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x1FE), 0xAA55);
        "HdrS"u8.CopyTo(bytes.AsSpan(0x202));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x20E), 0x1000 - 0x200);
        Encoding.ASCII.GetBytes($"{release} (builder@example) #1 SMP\0").CopyTo(bytes.AsSpan(0x1000));
        return bytes;
    }

    /// <summary>An ELF64 executable header with two program headers: PT_LOAD and, if dynamic, PT_INTERP.</summary>
    public static byte[] Elf(bool dynamic)
    {
        var bytes = new byte[64 + 2 * 56];
        bytes[0] = 0x7F;
        "ELF"u8.CopyTo(bytes.AsSpan(1));
        bytes[4] = 2;
        bytes[5] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x20), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x36), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x38), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(64), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(64 + 56), dynamic ? 3u : 1u);
        return bytes;
    }

    /// <summary>A tar of LinuxKit's kernel.tar shape: <c>lib/</c>, <c>lib/modules/</c>, then each file under it.</summary>
    public static byte[] ModuleTar(params (string Name, string Text)[] files)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "./lib/"));
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "./lib/modules/"));
            foreach (var (name, text) in files)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }
        return output.ToArray();
    }
}
