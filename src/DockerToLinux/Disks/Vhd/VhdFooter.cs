using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Disks.Vhd;

/// <summary>
/// The 512-byte VHD footer (big-endian). The creator is "win " so that QEMU, like Hyper-V, takes the size
/// from the current-size field rather than from the CHS geometry, which can round it down.
/// </summary>
/// <param name="DataOffset">512 for a dynamic disk (its header), all ones for a fixed one.</param>
/// <param name="Timestamp">Seconds since 2000-01-01 UTC.</param>
/// <param name="CurrentSize">The virtual size in bytes.</param>
/// <param name="DiskType">2 fixed, 3 dynamic.</param>
/// <param name="UniqueId">The disk's identity.</param>
public sealed record VhdFooter(ulong DataOffset, uint Timestamp, long CurrentSize, uint DiskType, Guid UniqueId)
{
    /// <summary>Bytes in the footer.</summary>
    public const int Length = 512;

    /// <summary>The fixed disk type.</summary>
    public const uint Fixed = 2;

    /// <summary>The dynamic disk type.</summary>
    public const uint Dynamic = 3;

    // The cookie that opens the footer (and a dynamic disk's copy of it at offset 0).
    private static ReadOnlySpan<byte> Cookie => "conectix"u8;

    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A VHD timestamp for <paramref name="time"/> (0 before 2000).</summary>
    public static uint TimestampOf(DateTimeOffset time) => (uint)Math.Clamp((time - Epoch).TotalSeconds, 0, uint.MaxValue);

    /// <summary>Encodes the footer with its geometry and checksum.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        Cookie.CopyTo(span);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 2);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], 0x00010000);
        BinaryPrimitives.WriteUInt64BigEndian(span[16..], DataOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], Timestamp);
        Encoding.ASCII.GetBytes("win ", span[28..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[32..], 0x000A0000);
        Encoding.ASCII.GetBytes("Wi2k", span[36..]);
        BinaryPrimitives.WriteInt64BigEndian(span[40..], CurrentSize);
        BinaryPrimitives.WriteInt64BigEndian(span[48..], CurrentSize);
        var (cylinders, heads, sectors) = Geometry(CurrentSize);
        BinaryPrimitives.WriteUInt16BigEndian(span[56..], cylinders);
        span[58] = heads;
        span[59] = sectors;
        BinaryPrimitives.WriteUInt32BigEndian(span[60..], DiskType);
        UniqueId.TryWriteBytes(span[68..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(span[64..], Checksum(span));
        return bytes;
    }

    /// <summary>Whether <paramref name="span"/> starts with the footer's cookie, "conectix".</summary>
    public static bool HasCookie(ReadOnlySpan<byte> span) => span.StartsWith(Cookie);

    /// <summary>Decodes a footer; null when the bytes do not start with "conectix".</summary>
    public static VhdFooter? TryDecode(ReadOnlySpan<byte> span)
    {
        if (span.Length < Length || !HasCookie(span))
        {
            return null;
        }
        return new VhdFooter(BinaryPrimitives.ReadUInt64BigEndian(span[16..]), BinaryPrimitives.ReadUInt32BigEndian(span[24..]),
            BinaryPrimitives.ReadInt64BigEndian(span[48..]), BinaryPrimitives.ReadUInt32BigEndian(span[60..]),
            new Guid(span.Slice(68, 16), bigEndian: true));
    }

    /// <summary>The one's complement of the byte sum, with the checksum field counted as zero.</summary>
    public static uint Checksum(ReadOnlySpan<byte> structure, int checksumOffset = 64)
    {
        uint sum = 0;
        for (int i = 0; i < structure.Length; i++)
        {
            if (i < checksumOffset || i >= checksumOffset + 4)
            {
                sum += structure[i];
            }
        }
        return ~sum;
    }

    /// <summary>The CHS geometry of the VHD specification's appendix for a disk of <paramref name="size"/> bytes.</summary>
    public static (ushort Cylinders, byte Heads, byte Sectors) Geometry(long size)
    {
        long total = Math.Min(size / Units.SectorBytes, 65535L * 16 * 255);
        long sectorsPerTrack, heads;
        if (total >= 65535L * 16 * 63)
        {
            sectorsPerTrack = 255;
            heads = 16;
        }
        else
        {
            sectorsPerTrack = 17;
            long cylinderTimesHeads = total / sectorsPerTrack;
            heads = Math.Max(4, (cylinderTimesHeads + 1023) / 1024);
            if (cylinderTimesHeads >= heads * 1024 || heads > 16)
            {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = total / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024)
            {
                sectorsPerTrack = 63;
                heads = 16;
            }
        }
        long cylinders = total / sectorsPerTrack / heads;
        return ((ushort)cylinders, (byte)heads, (byte)sectorsPerTrack);
    }
}
