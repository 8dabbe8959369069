using System.Buffers.Binary;

namespace DockerToLinux.Disks.Vhd;

/// <summary>The 1024-byte dynamic disk header ("cxsparse", big-endian) that locates the BAT.</summary>
/// <param name="TableOffset">Where the block allocation table starts.</param>
/// <param name="MaxTableEntries">Blocks in the disk.</param>
/// <param name="BlockSize">Bytes per block.</param>
public sealed record VhdDynamicHeader(long TableOffset, uint MaxTableEntries, uint BlockSize)
{
    /// <summary>Bytes in the header.</summary>
    public const int Length = 1024;

    /// <summary>The block size d2l writes: 2 MiB, the one Hyper-V and QEMU use.</summary>
    public const int DefaultBlockSize = 2 * Units.MiB;

    /// <summary>The sector bitmap in front of each block: one bit per sector, padded to whole sectors.</summary>
    public int BitmapBytes => (int)Units.WholeSectors(BlockSize / Units.SectorBytes / 8);

    /// <summary>Encodes the header with its checksum.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        "cxsparse"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt64BigEndian(span[8..], ulong.MaxValue);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], TableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(span[28..], MaxTableEntries);
        BinaryPrimitives.WriteUInt32BigEndian(span[32..], BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[36..], VhdFooter.Checksum(span, 36));
        return bytes;
    }

    /// <summary>Decodes a header.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a dynamic header, or it is a differencing disk.</exception>
    public static VhdDynamicHeader Decode(ReadOnlySpan<byte> span)
    {
        if (!span[..8].SequenceEqual("cxsparse"u8))
        {
            throw new InvalidDataException("the VHD dynamic header is missing");
        }
        uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(span[32..]);
        if (blockSize == 0 || blockSize % Units.SectorBytes != 0)
        {
            throw new InvalidDataException($"VHD block size {blockSize} is not a whole number of sectors");
        }
        return new VhdDynamicHeader(BinaryPrimitives.ReadInt64BigEndian(span[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[28..]), blockSize);
    }
}
