using System.Text;

namespace DockerToLinux.Disks.Vhdx;

/// <summary>The file type identifier that opens every VHDX file: the signature "vhdxfile", then the creator's name.</summary>
internal static class VhdxFileIdentifier
{
    /// <summary>The identifier's signature, at offset 0.</summary>
    public static ReadOnlySpan<byte> Signature => "vhdxfile"u8;

    /// <summary>Whether <paramref name="span"/>, a file's first bytes, starts with the VHDX signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> span) => span.StartsWith(Signature);

    /// <summary>The identifier: signature and the creator as UTF-16 (at most 256 characters), zero-padded to 64 KiB.</summary>
    public static byte[] Encode(string creator)
    {
        var bytes = new byte[VhdxLayout.HeaderSectionStride];
        Signature.CopyTo(bytes);
        Encoding.Unicode.GetBytes(creator.Length > 255 ? creator[..255] : creator, bytes.AsSpan(8));
        return bytes;
    }
}
