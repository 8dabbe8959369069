using System.Buffers.Binary;
using System.Numerics;

namespace DockerToLinux.Disks.Vhdx;

/// <summary>
/// CRC-32C (Castagnoli) as VHDX headers, region tables and log entries carry it: the standard form with
/// initial and final inversion, over the structure with its checksum field zeroed.
/// </summary>
internal static class VhdxChecksum
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte value in data)
        {
            crc = BitOperations.Crc32C(crc, value);
        }
        return ~crc;
    }

    /// <summary>Zeroes the 4-byte field at <paramref name="at"/>, then stores the structure's CRC-32C there.</summary>
    public static void Stamp(Span<byte> structure, int at)
    {
        structure.Slice(at, 4).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(structure[at..], Compute(structure));
    }

    /// <summary>Whether the field at <paramref name="at"/> holds the structure's CRC-32C.</summary>
    public static bool IsValid(ReadOnlySpan<byte> structure, int at)
    {
        var copy = structure.ToArray();
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at));
        copy.AsSpan(at, 4).Clear();
        return Compute(copy) == stored;
    }
}
