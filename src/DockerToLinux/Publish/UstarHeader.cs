using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Publish;

/// <summary>Builds the 512-byte ustar header of one member of an archive that d2l writes.</summary>
internal static class UstarHeader
{
    private const long MaxOctalSize = 0x1_FFFF_FFFF; // 11 octal digits

    /// <summary>Type flag of a regular file.</summary>
    public const byte File = (byte)'0';

    /// <summary>Type flag of a directory.</summary>
    public const byte Directory = (byte)'5';

    /// <summary>The header of <paramref name="name"/> (at most 100 bytes), with owner, mode, size and time.</summary>
    public static byte[] Create(string name, byte type, int mode, int owner, long size, long modifiedSeconds)
    {
        var header = new byte[TarHeader.Size];
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > 100)
        {
            throw new ArgumentException($"tar member name longer than 100 bytes: {name}", nameof(name));
        }
        nameBytes.CopyTo(header, 0);
        Octal(header.AsSpan(100, 8), mode);
        Octal(header.AsSpan(108, 8), owner);
        Octal(header.AsSpan(116, 8), owner);
        if (size <= MaxOctalSize)
        {
            Octal(header.AsSpan(124, 12), size);
        }
        else
        {
            // GNU base-256: the high bit of the first byte marks a big-endian binary number.
            header[124] = 0x80;
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(128, 8), size);
        }
        Octal(header.AsSpan(136, 12), modifiedSeconds);
        header[156] = type;
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        Octal(header.AsSpan(329, 8), 0);
        Octal(header.AsSpan(337, 8), 0);
        header.AsSpan(148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in header)
        {
            sum += b;
        }
        Octal(header.AsSpan(148, 7), sum);
        return header;
    }

    /// <summary>The zero bytes that bring a member of <paramref name="size"/> bytes to a whole record.</summary>
    public static int Padding(long size) => (int)((TarHeader.Size - size % TarHeader.Size) % TarHeader.Size);

    // Zero-padded octal filling the field but its last byte, which stays NUL.
    private static void Octal(Span<byte> field, long value)
    {
        string digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(digits, field);
        field[^1] = 0;
    }
}
