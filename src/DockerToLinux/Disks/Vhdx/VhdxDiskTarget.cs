using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;

namespace DockerToLinux.Disks.Vhdx;

/// <summary>
/// A dynamic VHDX written in one pass, laid out as Hyper-V lays out a new disk: the file identifier, two
/// headers and two region tables in the first 320 KiB, an empty 1 MiB log at 1 MiB (no entries, so the headers'
/// log GUID is null and nothing is replayed), the metadata region at 2 MiB, the BAT at 3 MiB with room for the
/// largest disk the build can make, then 1 MiB payload blocks, MiB-aligned, in first-write order. Absent
/// blocks, and the sector bitmap entries a non-differencing disk has in its BAT, are "not present".
/// </summary>
internal sealed class VhdxDiskTarget : SparseDiskTarget
{
    private const ulong FullyPresent = 6;
    private readonly DiskStamp _stamp;
    private readonly long _maxSize;

    /// <summary>Creates the file for a disk of at most <paramref name="maxVirtualSize"/> bytes.</summary>
    public VhdxDiskTarget(string path, long maxVirtualSize, DiskStamp stamp)
        : base(path, VhdxLayout.BlockSize, DataStart(maxVirtualSize), ReadOnlyMemory<byte>.Empty)
    {
        _stamp = stamp;
        _maxSize = Math.Min(maxVirtualSize, VhdxLayout.MaximumSize);
    }

    /// <inheritdoc />
    protected override async ValueTask WriteTablesAsync(long size, CancellationToken cancellationToken)
    {
        if (size > VhdxLayout.MaximumSize || size % VhdxLayout.LogicalSectorSize != 0)
        {
            throw D2lException.BadInput("VHDX", $"a VHDX holds at most 64 TiB in whole 512-byte sectors, not {size} bytes");
        }
        if (size > _maxSize)
        {
            throw new InvalidOperationException($"a {size}-byte disk needs a larger VHDX block table than the one reserved for {_maxSize} bytes");
        }
        long entries = VhdxLayout.BatEntries(size, VhdxLayout.BlockSize, VhdxLayout.LogicalSectorSize);
        var bat = new byte[VhdxLayout.AlignUp(entries * 8)];
        foreach (var (block, at) in Data.Blocks)
        {
            long index = VhdxLayout.BatIndex(block, VhdxLayout.BlockSize, VhdxLayout.LogicalSectorSize);
            BinaryPrimitives.WriteUInt64LittleEndian(bat.AsSpan((int)(index * 8)), (ulong)(at / VhdxLayout.Alignment) << 20 | FullyPresent);
        }
        await WriteAsync(bat, VhdxLayout.BatOffset, cancellationToken).ConfigureAwait(false);
        var metadata = new VhdxMetadata(VhdxLayout.BlockSize, false, size, _stamp.Uuid, VhdxLayout.LogicalSectorSize, VhdxLayout.PhysicalSectorSize);
        await WriteAsync(metadata.Encode(), VhdxLayout.MetadataOffset, cancellationToken).ConfigureAwait(false);

        var regions = VhdxRegionTable.Encode(
        [
            new VhdxRegion(VhdxLayout.BatRegion, VhdxLayout.BatOffset, (uint)bat.Length, true),
            new VhdxRegion(VhdxLayout.MetadataRegion, VhdxLayout.MetadataOffset, (uint)VhdxLayout.MetadataLength, true),
        ]);
        await WriteAsync(regions, VhdxLayout.RegionTable1, cancellationToken).ConfigureAwait(false);
        await WriteAsync(regions, VhdxLayout.RegionTable2, cancellationToken).ConfigureAwait(false);
        for (int copy = 0; copy < 2; copy++)
        {
            var header = new VhdxHeader((ulong)copy, _stamp.ModificationUuid, _stamp.Uuid, Guid.Empty, (uint)VhdxLayout.LogLength, VhdxLayout.LogOffset);
            await WriteAsync(header.Encode(), copy == 0 ? VhdxLayout.Header1 : VhdxLayout.Header2, cancellationToken).ConfigureAwait(false);
        }
        await WriteAsync(VhdxFileIdentifier.Encode("d2l"), 0, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask WriteAsync(byte[] bytes, long offset, CancellationToken cancellationToken) =>
        RandomAccess.WriteAsync(Handle, bytes, offset, cancellationToken);

    // Payload starts at the first MiB after the BAT reserved for the largest disk.
    private static long DataStart(long maxVirtualSize)
    {
        long size = Math.Min(maxVirtualSize, VhdxLayout.MaximumSize);
        return VhdxLayout.AlignUp(VhdxLayout.BatOffset + VhdxLayout.BatEntries(size, VhdxLayout.BlockSize, VhdxLayout.LogicalSectorSize) * 8);
    }
}
