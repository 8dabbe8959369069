using System.Buffers.Binary;

namespace DockerToLinux.Disks.Vhdx;

/// <summary>
/// The system metadata items of a VHDX (the "metadata" table at the start of the metadata region and the
/// items it points to): file parameters, virtual disk size, page 83 data (the disk's identifier) and the
/// logical and physical sector sizes.
/// </summary>
/// <param name="BlockSize">Payload block size: a power of two from 1 MiB to 256 MiB.</param>
/// <param name="HasParent">A differencing disk (d2l reads none and writes none).</param>
/// <param name="VirtualSize">The virtual disk's size, a multiple of the logical sector size.</param>
/// <param name="DiskId">Page 83 data: the identifier the guest sees.</param>
/// <param name="LogicalSectorSize">512 or 4096.</param>
/// <param name="PhysicalSectorSize">512 or 4096.</param>
internal sealed record VhdxMetadata(uint BlockSize, bool HasParent, long VirtualSize, Guid DiskId, uint LogicalSectorSize, uint PhysicalSectorSize)
{
    /// <summary>File Parameters item.</summary>
    public static readonly Guid FileParameters = new("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");

    /// <summary>Virtual Disk Size item.</summary>
    public static readonly Guid VirtualDiskSize = new("2FA54224-CD1B-4876-B211-5DBED83BF4B8");

    /// <summary>Page 83 Data item (Virtual Disk ID).</summary>
    public static readonly Guid Page83Data = new("BECA12AB-B2E6-4523-93EF-C309E000C746");

    /// <summary>Logical Sector Size item.</summary>
    public static readonly Guid LogicalSector = new("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");

    /// <summary>Physical Sector Size item.</summary>
    public static readonly Guid PhysicalSector = new("CDA348C7-445D-4471-9CC9-E9885251C556");

    private const int TableLength = 64 * Units.KiB;
    private const uint IsVirtualDisk = 2, IsRequired = 4;

    /// <summary>The table and the items after it (the rest of the region reads as zeros).</summary>
    public byte[] Encode()
    {
        (Guid Id, uint Flags, byte[] Value)[] items =
        [
            (FileParameters, IsRequired, Values(8, span =>
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, BlockSize);
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], HasParent ? 2u : 0u);
            })),
            (VirtualDiskSize, IsVirtualDisk | IsRequired, Values(8, span => BinaryPrimitives.WriteInt64LittleEndian(span, VirtualSize))),
            (Page83Data, IsVirtualDisk | IsRequired, Values(16, span => DiskId.TryWriteBytes(span))),
            (LogicalSector, IsVirtualDisk | IsRequired, Values(4, span => BinaryPrimitives.WriteUInt32LittleEndian(span, LogicalSectorSize))),
            (PhysicalSector, IsVirtualDisk | IsRequired, Values(4, span => BinaryPrimitives.WriteUInt32LittleEndian(span, PhysicalSectorSize))),
        ];
        var bytes = new byte[TableLength + items.Sum(item => item.Value.Length)];
        "metadata"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), (ushort)items.Length);
        int offset = TableLength;
        for (int i = 0; i < items.Length; i++)
        {
            var entry = bytes.AsSpan(32 + i * 32);
            items[i].Id.TryWriteBytes(entry);
            BinaryPrimitives.WriteInt32LittleEndian(entry[16..], offset);
            BinaryPrimitives.WriteInt32LittleEndian(entry[20..], items[i].Value.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], items[i].Flags);
            items[i].Value.CopyTo(bytes, offset);
            offset += items[i].Value.Length;
        }
        return bytes;
    }

    /// <summary>Decodes the metadata region.</summary>
    /// <exception cref="InvalidDataException">The table is missing, an item lies outside the region, or a required item is unknown or absent.</exception>
    public static VhdxMetadata Decode(ReadOnlySpan<byte> region)
    {
        if (!region.StartsWith("metadata"u8))
        {
            throw new InvalidDataException("the VHDX metadata table is missing");
        }
        int count = BinaryPrimitives.ReadUInt16LittleEndian(region[10..]);
        if (count > 2047)
        {
            throw new InvalidDataException($"the VHDX metadata table claims {count} entries");
        }
        var values = new Dictionary<Guid, byte[]>();
        for (int i = 0; i < count; i++)
        {
            var entry = region[(32 + i * 32)..];
            var id = new Guid(entry[..16]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]), length = BinaryPrimitives.ReadUInt32LittleEndian(entry[20..]);
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(entry[24..]);
            if (offset + length > region.Length)
            {
                throw new InvalidDataException("a VHDX metadata item lies outside its region");
            }
            values[id] = region.Slice((int)offset, (int)length).ToArray();
            if ((flags & IsRequired) != 0 && id != FileParameters && id != VirtualDiskSize && id != Page83Data && id != LogicalSector && id != PhysicalSector)
            {
                throw new InvalidDataException($"the VHDX requires metadata item {id}, which d2l does not know (a differencing disk?)");
            }
        }
        byte[] Item(Guid id, int length) => values.TryGetValue(id, out var value) && value.Length >= length
            ? value
            : throw new InvalidDataException($"the VHDX metadata lacks item {id}");
        var parameters = Item(FileParameters, 8);
        return new VhdxMetadata(BinaryPrimitives.ReadUInt32LittleEndian(parameters), (BinaryPrimitives.ReadUInt32LittleEndian(parameters.AsSpan(4)) & 2) != 0,
            BinaryPrimitives.ReadInt64LittleEndian(Item(VirtualDiskSize, 8)), values.TryGetValue(Page83Data, out var id83) && id83.Length >= 16 ? new Guid(id83.AsSpan(0, 16)) : Guid.Empty,
            BinaryPrimitives.ReadUInt32LittleEndian(Item(LogicalSector, 4)), BinaryPrimitives.ReadUInt32LittleEndian(Item(PhysicalSector, 4)));
    }

    private static byte[] Values(int length, SpanAction write)
    {
        var bytes = new byte[length];
        write(bytes);
        return bytes;
    }

    private delegate void SpanAction(Span<byte> span);
}
