using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vhdx;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>
/// A VHDX read through its current header, region table, metadata and BAT. A disk whose log still holds
/// entries (not closed cleanly) or that has a parent is refused: reading it would need the log replayed or the
/// parent found.
/// </summary>
internal sealed class VhdxDiskSource : BlockMappedSource
{
    private readonly ulong[] _bat;
    private readonly VhdxMetadata _metadata;

    private VhdxDiskSource(SafeFileHandle handle, VhdxMetadata metadata, ulong[] bat)
        : base(handle, metadata.VirtualSize, metadata.BlockSize, "dynamic VHDX")
    {
        _metadata = metadata;
        _bat = bat;
    }

    /// <summary>Reads the headers, the region table, the metadata and the BAT.</summary>
    public static async ValueTask<VhdxDiskSource> OpenAsync(SafeFileHandle handle, CancellationToken cancellationToken)
    {
        var first = VhdxHeader.TryDecode(await FileIo.ReadStructureAsync(handle, VhdxLayout.Header1, VhdxHeader.Length, "VHDX header", cancellationToken).ConfigureAwait(false));
        var second = VhdxHeader.TryDecode(await FileIo.ReadStructureAsync(handle, VhdxLayout.Header2, VhdxHeader.Length, "VHDX header", cancellationToken).ConfigureAwait(false));
        var header = first is null ? second : second is null || first.SequenceNumber >= second.SequenceNumber ? first : second;
        if (header is null)
        {
            throw new InvalidDataException("neither VHDX header is valid");
        }
        if (header.LogGuid != Guid.Empty)
        {
            throw new InvalidDataException("the VHDX log holds entries to replay (the disk was not closed cleanly); open it in Hyper-V or qemu-img first");
        }
        var regions = VhdxRegionTable.TryDecode(await FileIo.ReadStructureAsync(handle, VhdxLayout.RegionTable1, VhdxRegionTable.Length, "VHDX region table", cancellationToken).ConfigureAwait(false))
            ?? VhdxRegionTable.TryDecode(await FileIo.ReadStructureAsync(handle, VhdxLayout.RegionTable2, VhdxRegionTable.Length, "VHDX region table", cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidDataException("neither VHDX region table is valid");
        if (regions.FirstOrDefault(r => r.Required && r.Id != VhdxLayout.BatRegion && r.Id != VhdxLayout.MetadataRegion) is { } unknown)
        {
            throw new InvalidDataException($"the VHDX requires region {unknown.Id}, which d2l does not know");
        }
        var batRegion = regions.FirstOrDefault(r => r.Id == VhdxLayout.BatRegion) ?? throw new InvalidDataException("the VHDX has no BAT region");
        var metadataRegion = regions.FirstOrDefault(r => r.Id == VhdxLayout.MetadataRegion) ?? throw new InvalidDataException("the VHDX has no metadata region");
        var metadata = VhdxMetadata.Decode(await FileIo.ReadStructureAsync(handle, metadataRegion.Offset, (int)metadataRegion.Length, "VHDX metadata", cancellationToken).ConfigureAwait(false));
        if (metadata.HasParent)
        {
            throw new InvalidDataException("a differencing VHDX, which d2l does not read (its parent holds the rest of the disk)");
        }
        if (metadata.BlockSize is < 1 << 20 or > 256 << 20 || !System.Numerics.BitOperations.IsPow2(metadata.BlockSize)
            || metadata.LogicalSectorSize is not (512 or 4096) || metadata.VirtualSize <= 0 || metadata.VirtualSize > VhdxLayout.MaximumSize)
        {
            throw new InvalidDataException($"VHDX block size {metadata.BlockSize}, sector size {metadata.LogicalSectorSize} or size {metadata.VirtualSize} is out of range");
        }
        long entries = VhdxLayout.BatEntries(metadata.VirtualSize, (int)metadata.BlockSize, (int)metadata.LogicalSectorSize);
        if (entries * 8 > batRegion.Length)
        {
            throw new InvalidDataException("the VHDX BAT region is too small for its disk");
        }
        var bytes = await FileIo.ReadStructureAsync(handle, batRegion.Offset, checked((int)entries * 8), "VHDX BAT", cancellationToken).ConfigureAwait(false);
        var bat = new ulong[entries];
        for (int i = 0; i < bat.Length; i++)
        {
            bat[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        }
        return new VhdxDiskSource(handle, metadata, bat);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken)
    {
        ulong entry = _bat[VhdxLayout.BatIndex(block, (int)_metadata.BlockSize, (int)_metadata.LogicalSectorSize)];
        // States 6 (fully present) and 7 (partially present, differencing only) have data; 0-3 read as zeros.
        if ((entry & 7) < 6)
        {
            piece.Span.Clear();
            return false;
        }
        long at = (long)(entry >> 20) * VhdxLayout.Alignment + inner;
        await FileIo.ReadFullyAsync(Handle, piece, at, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
