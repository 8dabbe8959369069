using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Disks.Vdi;

/// <summary>
/// The VDI pre-header and header (VirtualBox "1.1", 400 bytes), little-endian, as both VirtualBox and QEMU
/// accept them: 1 MiB blocks, 512-byte sectors, non-null create/modify UUIDs, null linkage UUIDs.
/// </summary>
/// <param name="Type">1 dynamic, 2 fixed.</param>
/// <param name="BlockMapOffset">offBlocks.</param>
/// <param name="DataOffset">offData.</param>
/// <param name="DiskSize">cbDisk.</param>
/// <param name="BlockCount">cBlocks.</param>
/// <param name="AllocatedBlocks">cBlocksAllocated.</param>
/// <param name="CreateUuid">uuidCreate.</param>
/// <param name="ModifyUuid">uuidModify.</param>
public sealed record VdiHeader(uint Type, uint BlockMapOffset, uint DataOffset, long DiskSize, uint BlockCount,
    uint AllocatedBlocks, Guid CreateUuid, Guid ModifyUuid)
{
    /// <summary>The signature at offset 64.</summary>
    public const uint Signature = 0xBEDA107F;

    /// <summary>The only block size QEMU accepts.</summary>
    public const int BlockSize = Units.MiB;

    /// <summary>Bytes the pre-header and header take; the block map may start here.</summary>
    public const int Length = 512;

    // The signature follows the 64-byte text banner.
    private const int SignatureOffset = 64;

    private const string Banner = "<<< Oracle VM VirtualBox Disk Image >>>\n";

    /// <summary>Encodes the header into a 512-byte sector.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes(Banner, span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[SignatureOffset..], Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(span[68..], 0x00010001);
        BinaryPrimitives.WriteUInt32LittleEndian(span[72..], 400);
        BinaryPrimitives.WriteUInt32LittleEndian(span[76..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(span[340..], BlockMapOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(span[344..], DataOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(span[360..], Units.SectorBytes);
        BinaryPrimitives.WriteInt64LittleEndian(span[368..], DiskSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[376..], BlockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[384..], BlockCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span[388..], AllocatedBlocks);
        CreateUuid.TryWriteBytes(span[392..]);
        ModifyUuid.TryWriteBytes(span[408..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[468..], Units.SectorBytes);
        return bytes;
    }

    /// <summary>Whether <paramref name="span"/>, a file's first bytes, holds the VDI signature at offset 64.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> span) =>
        span.Length >= SignatureOffset + 4 && BinaryPrimitives.ReadUInt32LittleEndian(span[SignatureOffset..]) == Signature;

    /// <summary>Decodes and checks a header; null when the bytes are not a VDI.</summary>
    /// <exception cref="InvalidDataException">A VDI with values d2l cannot read.</exception>
    public static VdiHeader? TryDecode(ReadOnlySpan<byte> span)
    {
        if (span.Length < Length || !HasSignature(span))
        {
            return null;
        }
        uint blockSize = BinaryPrimitives.ReadUInt32LittleEndian(span[376..]);
        uint extra = BinaryPrimitives.ReadUInt32LittleEndian(span[380..]);
        if (blockSize != BlockSize || extra != 0)
        {
            throw new InvalidDataException($"VDI block size {blockSize} with {extra} extra bytes (only 1 MiB blocks are supported)");
        }
        return new VdiHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(span[76..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[340..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[344..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[368..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[384..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[388..]),
            new Guid(span.Slice(392, 16)),
            new Guid(span.Slice(408, 16)));
    }
}
