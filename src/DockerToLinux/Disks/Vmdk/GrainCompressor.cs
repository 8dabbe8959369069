using System.Buffers.Binary;
using System.IO.Compression;

namespace DockerToLinux.Disks.Vmdk;

/// <summary>
/// Turns one streamOptimized grain into the zlib stream (RFC 1950; QEMU rejects raw deflate) that follows its marker. Readers size their
/// buffer for the grain plus a few bytes: VirtualBox reads a grain's marker and data into a buffer of
/// <c>RT_ALIGN_Z(grain + 8 + sizeof(VMDKMARKER), 512)</c> bytes (66,048 for 64 KiB grains; VMDK.cpp,
/// <c>vmdkAllocStreamBuffers</c>) without bounding the read by it (<c>vmdkFileInflateSync</c>). zlib's fast
/// level makes incompressible data grow by up to about 6 %, so a grain that does not shrink is written as
/// stored deflate blocks instead: the grain, 5 bytes per 65,535-byte block and zlib's 6 bytes of header and
/// checksum.
/// </summary>
internal static class GrainCompressor
{
    /// <summary>Largest data a stored deflate block carries (its length is a 16-bit field).</summary>
    private const int StoredBlockLimit = 65535;

    /// <summary>The largest stream <see cref="Compress"/> writes for a grain of <paramref name="grainSize"/> bytes.</summary>
    public static int MaxCompressedLength(int grainSize) =>
        2 + grainSize + 5 * Math.Max(1, (grainSize + StoredBlockLimit - 1) / StoredBlockLimit) + 4;

    /// <summary>Replaces the content of <paramref name="output"/> with the zlib stream of <paramref name="grain"/>.</summary>
    public static void Compress(ReadOnlySpan<byte> grain, MemoryStream output)
    {
        output.SetLength(0);
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(grain);
        }
        if (output.Length >= grain.Length)
        {
            output.SetLength(0);
            WriteStored(grain, output);
        }
    }

    // A zlib stream of stored blocks: header 78 01 (deflate, 32 KiB window, check bits), then each block's
    // BFINAL/BTYPE=00 byte, LEN and its complement, the bytes, and finally the big-endian Adler-32.
    private static void WriteStored(ReadOnlySpan<byte> grain, MemoryStream output)
    {
        output.WriteByte(0x78);
        output.WriteByte(0x01);
        Span<byte> head = stackalloc byte[5];
        int at = 0;
        do
        {
            int count = Math.Min(StoredBlockLimit, grain.Length - at);
            head[0] = at + count == grain.Length ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16LittleEndian(head[1..], (ushort)count);
            BinaryPrimitives.WriteUInt16LittleEndian(head[3..], (ushort)~count);
            output.Write(head);
            output.Write(grain.Slice(at, count));
            at += count;
        }
        while (at < grain.Length);
        Span<byte> check = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(check, Adler32(grain));
        output.Write(check);
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        // 5552 is the longest run whose sums cannot overflow 32 bits before the modulus is taken (RFC 1950).
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            int run = Math.Min(5552, data.Length);
            foreach (byte value in data[..run])
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[run..];
        }
        return (b << 16) | a;
    }
}
