using System.Buffers.Binary;

namespace DockerToLinux.Disks.Vhdx;

/// <summary>A VHDX header ("head", 4 KiB with a CRC-32C), one of the two in the header section.</summary>
/// <param name="SequenceNumber">The higher of the two valid headers' numbers names the current one.</param>
/// <param name="FileWriteGuid">Changes whenever the file is first written after opening.</param>
/// <param name="DataWriteGuid">Changes whenever the virtual disk's data is first written after opening.</param>
/// <param name="LogGuid">Null when the log holds nothing to replay.</param>
/// <param name="LogLength">The log's length, a multiple of 1 MiB.</param>
/// <param name="LogOffset">The log's offset, 1 MiB aligned.</param>
internal sealed record VhdxHeader(ulong SequenceNumber, Guid FileWriteGuid, Guid DataWriteGuid, Guid LogGuid, uint LogLength, long LogOffset)
{
    /// <summary>Bytes the checksum covers.</summary>
    public const int Length = 4096;

    /// <summary>Encodes the header with its checksum.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        "head"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], SequenceNumber);
        FileWriteGuid.TryWriteBytes(span[16..]);
        DataWriteGuid.TryWriteBytes(span[32..]);
        LogGuid.TryWriteBytes(span[48..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[64..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[66..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[68..], LogLength);
        BinaryPrimitives.WriteInt64LittleEndian(span[72..], LogOffset);
        VhdxChecksum.Stamp(span, 4);
        return bytes;
    }

    /// <summary>Decodes a header; null when the signature, checksum or version is wrong (the other header then counts).</summary>
    public static VhdxHeader? TryDecode(ReadOnlySpan<byte> span)
    {
        if (span.Length < Length || !span.StartsWith("head"u8) || !VhdxChecksum.IsValid(span[..Length], 4)
            || BinaryPrimitives.ReadUInt16LittleEndian(span[66..]) != 1)
        {
            return null;
        }
        return new VhdxHeader(BinaryPrimitives.ReadUInt64LittleEndian(span[8..]), new Guid(span.Slice(16, 16)), new Guid(span.Slice(32, 16)),
            new Guid(span.Slice(48, 16)), BinaryPrimitives.ReadUInt32LittleEndian(span[68..]), BinaryPrimitives.ReadInt64LittleEndian(span[72..]));
    }
}
