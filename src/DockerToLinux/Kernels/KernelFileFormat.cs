using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Kernels;

/// <summary>
/// Tells a bzImage, which every boot loader d2l installs can start, from an uncompressed ELF
/// <c>vmlinux</c>, which only direct-boot hypervisors such as Firecracker start, by their headers.
/// </summary>
public static class KernelFileFormat
{
    /// <summary>How many leading bytes of a kernel file the checks here need at most.</summary>
    public const int HeaderBytes = 64 * Units.KiB;

    private const int BootFlagOffset = 0x1FE;
    private const int HeaderMagicOffset = 0x202;
    private const int VersionPointerOffset = 0x20E;

    /// <summary>True if <paramref name="header"/> starts an x86 bzImage: boot flag 0xAA55 and the "HdrS" magic.</summary>
    public static bool IsBzImage(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderMagicOffset + 4
        && BinaryPrimitives.ReadUInt16LittleEndian(header[BootFlagOffset..]) == 0xAA55
        && header.Slice(HeaderMagicOffset, 4).SequenceEqual("HdrS"u8);

    /// <summary>True if <paramref name="header"/> starts an ELF file.</summary>
    public static bool IsElf(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[..4].SequenceEqual((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']);

    /// <summary>
    /// The kernel release a bzImage names in its setup header (the text up to the first space of the
    /// <c>kernel_version</c> string), or null if the header has none within <paramref name="header"/>.
    /// </summary>
    public static string? ReleaseOf(ReadOnlySpan<byte> header)
    {
        if (!IsBzImage(header) || header.Length < VersionPointerOffset + 2)
        {
            return null;
        }
        int pointer = BinaryPrimitives.ReadUInt16LittleEndian(header[VersionPointerOffset..]);
        int start = pointer + 0x200;
        if (pointer == 0 || start >= header.Length)
        {
            return null;
        }
        var rest = header[start..];
        int end = rest.IndexOfAny((byte)' ', (byte)0);
        if (end <= 0)
        {
            return null;
        }
        string release = Encoding.ASCII.GetString(rest[..end]);
        return release.All(c => c > ' ' && c < 0x7F) ? release : null;
    }
}
