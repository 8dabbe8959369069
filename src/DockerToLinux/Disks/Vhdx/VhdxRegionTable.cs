using System.Buffers.Binary;

namespace DockerToLinux.Disks.Vhdx;

/// <summary>One entry of the region table: which region, where, how long, and whether a reader must know it.</summary>
internal sealed record VhdxRegion(Guid Id, long Offset, uint Length, bool Required);

/// <summary>The VHDX region table ("regi", 64 KiB with a CRC-32C), written twice.</summary>
internal static class VhdxRegionTable
{
    /// <summary>Bytes the checksum covers.</summary>
    public const int Length = 64 * Units.KiB;

    /// <summary>Encodes a table of <paramref name="regions"/>.</summary>
    public static byte[] Encode(IReadOnlyList<VhdxRegion> regions)
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        "regi"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], regions.Count);
        for (int i = 0; i < regions.Count; i++)
        {
            var entry = span[(16 + i * 32)..];
            regions[i].Id.TryWriteBytes(entry);
            BinaryPrimitives.WriteInt64LittleEndian(entry[16..], regions[i].Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], regions[i].Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[28..], regions[i].Required ? 1u : 0u);
        }
        VhdxChecksum.Stamp(span, 4);
        return bytes;
    }

    /// <summary>Decodes a table; null when its signature or checksum is wrong or it claims more than 2047 entries.</summary>
    public static IReadOnlyList<VhdxRegion>? TryDecode(ReadOnlySpan<byte> span)
    {
        if (span.Length < Length || !span.StartsWith("regi"u8) || !VhdxChecksum.IsValid(span[..Length], 4))
        {
            return null;
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (count > 2047)
        {
            return null;
        }
        var regions = new List<VhdxRegion>();
        for (int i = 0; i < count; i++)
        {
            var entry = span[(16 + i * 32)..];
            regions.Add(new VhdxRegion(new Guid(entry[..16]), BinaryPrimitives.ReadInt64LittleEndian(entry[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[24..]), (BinaryPrimitives.ReadUInt32LittleEndian(entry[28..]) & 1) != 0));
        }
        return regions;
    }
}
