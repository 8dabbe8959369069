using System.Buffers.Binary;

namespace DockerToLinux.Disks.Qcow2;

/// <summary>The qcow2 header fields d2l writes and reads (big-endian, at offset 0).</summary>
/// <param name="Version">2 or 3.</param>
/// <param name="ClusterBits">log2 of the cluster size.</param>
/// <param name="Size">The virtual size in bytes.</param>
/// <param name="L1Size">Entries in the L1 table.</param>
/// <param name="L1Offset">Where the L1 table is.</param>
/// <param name="RefcountTableOffset">Where the refcount table is.</param>
/// <param name="RefcountTableClusters">Clusters the refcount table takes.</param>
public sealed record Qcow2Header(uint Version, int ClusterBits, long Size, uint L1Size, long L1Offset,
    long RefcountTableOffset, uint RefcountTableClusters)
{
    /// <summary>"QFI\xFB".</summary>
    public const uint Magic = 0x514649FB;

    /// <summary>Bytes of the version 3 header d2l writes (no optional fields).</summary>
    public const int Length = 104;

    /// <summary>Encodes a version 3 header with 16-bit refcounts, followed by the end-of-extensions marker.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length + 8];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], 3);
        BinaryPrimitives.WriteUInt32BigEndian(span[20..], (uint)ClusterBits);
        BinaryPrimitives.WriteInt64BigEndian(span[24..], Size);
        BinaryPrimitives.WriteUInt32BigEndian(span[36..], L1Size);
        BinaryPrimitives.WriteInt64BigEndian(span[40..], L1Offset);
        BinaryPrimitives.WriteInt64BigEndian(span[48..], RefcountTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[56..], RefcountTableClusters);
        BinaryPrimitives.WriteUInt32BigEndian(span[96..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(span[100..], Length);
        return bytes;
    }

    /// <summary>Whether <paramref name="span"/>, a file's first bytes, starts with the qcow2 magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> span) => span.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(span) == Magic;

    /// <summary>Decodes a header; null when the bytes are not qcow2.</summary>
    /// <exception cref="InvalidDataException">A qcow2 file d2l cannot read (backing file, encryption, unknown features).</exception>
    public static Qcow2Header? TryDecode(ReadOnlySpan<byte> span)
    {
        if (span.Length < 72 || !HasMagic(span))
        {
            return null;
        }
        uint version = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
        if (version is not (2 or 3))
        {
            throw new InvalidDataException($"qcow2 version {version} is not supported");
        }
        if (BinaryPrimitives.ReadUInt64BigEndian(span[8..]) != 0)
        {
            throw new InvalidDataException("qcow2 images with a backing file are not supported");
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(span[32..]) != 0)
        {
            throw new InvalidDataException("encrypted qcow2 images are not supported");
        }
        // Incompatible bit 0 (dirty) only asks for a refcount repair, which a reader does not need.
        if (version == 3 && (BinaryPrimitives.ReadUInt64BigEndian(span[72..]) & ~1UL) != 0)
        {
            throw new InvalidDataException("the qcow2 image uses incompatible features d2l does not read");
        }
        int clusterBits = (int)BinaryPrimitives.ReadUInt32BigEndian(span[20..]);
        if (clusterBits is < 9 or > 21)
        {
            throw new InvalidDataException($"qcow2 cluster_bits {clusterBits} is out of range");
        }
        return new Qcow2Header(version, clusterBits,
            BinaryPrimitives.ReadInt64BigEndian(span[24..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[36..]),
            BinaryPrimitives.ReadInt64BigEndian(span[40..]),
            BinaryPrimitives.ReadInt64BigEndian(span[48..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[56..]));
    }
}
