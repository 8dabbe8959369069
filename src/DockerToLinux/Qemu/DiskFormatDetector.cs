using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Qemu;

/// <summary>
/// Recognises a disk image's container format from its magic bytes and names it the way QEMU's
/// <c>-drive format=</c> does. The extension is never trusted: a renamed file still boots.
/// </summary>
public static class DiskFormatDetector
{
    /// <summary>QEMU's name for a plain sector-by-sector image.</summary>
    public const string Raw = "raw";

    /// <summary>QEMU's name for QEMU copy-on-write v2/v3.</summary>
    public const string Qcow2 = "qcow2";

    /// <summary>QEMU's name for VirtualBox disk images.</summary>
    public const string Vdi = "vdi";

    /// <summary>QEMU's name for VMware sparse extents and descriptor files.</summary>
    public const string Vmdk = "vmdk";

    /// <summary>QEMU's name for Virtual PC / Hyper-V VHD, fixed or dynamic.</summary>
    public const string Vhd = "vpc";

    /// <summary>QEMU's name for Hyper-V VHDX.</summary>
    public const string Vhdx = "vhdx";

    private const int HeaderBytes = 512;
    private const int VdiSignatureOffset = 64;
    private const uint VdiSignature = 0xBEDA107F;
    private const int VhdFooterBytes = 512;

    /// <summary>Reads the start (and, for fixed VHD, the footer) of <paramref name="path"/> and names its format.</summary>
    /// <exception cref="D2lException">The file cannot be read.</exception>
    public static string Detect(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var header = new byte[HeaderBytes];
            int headerLength = file.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
            byte[] footer = [];
            if (file.Length >= VhdFooterBytes)
            {
                footer = new byte[VhdFooterBytes];
                file.Seek(-VhdFooterBytes, SeekOrigin.End);
                file.ReadExactly(footer);
            }
            return Detect(header.AsSpan(0, headerLength), footer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(path, $"cannot read the disk image ({e.Message})", e);
        }
    }

    /// <summary>Names the format from the first bytes of an image and its last 512 bytes.</summary>
    /// <param name="header">The image's first bytes (512 are enough).</param>
    /// <param name="footer">The image's last 512 bytes, or empty for a smaller file.</param>
    public static string Detect(ReadOnlySpan<byte> header, ReadOnlySpan<byte> footer)
    {
        if (StartsWith(header, "QFI\xfb"))
        {
            return Qcow2;
        }
        if (StartsWith(header, "vhdxfile"))
        {
            return Vhdx;
        }
        // Sparse extents start with "KDMV"; a monolithic flat VMDK is a text descriptor next to a raw extent.
        if (StartsWith(header, "KDMV") || StartsWith(header, "# Disk DescriptorFile"))
        {
            return Vmdk;
        }
        if (header.Length >= VdiSignatureOffset + 4
            && BinaryPrimitives.ReadUInt32LittleEndian(header[VdiSignatureOffset..]) == VdiSignature)
        {
            return Vdi;
        }
        // A dynamic VHD begins with a copy of its footer; a fixed VHD is raw data with the footer at the end.
        if (StartsWith(header, "conectix") || StartsWith(footer, "conectix"))
        {
            return Vhd;
        }
        return Raw;
    }

    private static bool StartsWith(ReadOnlySpan<byte> data, string magic) =>
        data.StartsWith(Encoding.Latin1.GetBytes(magic));
}
