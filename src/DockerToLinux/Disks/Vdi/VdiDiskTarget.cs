using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;

namespace DockerToLinux.Disks.Vdi;

/// <summary>
/// A dynamic VDI written in one pass: the header at 0, the block map right after it with room for the
/// largest disk the build can make, data blocks from the next MiB in first-write order. The map and header
/// are written by <see cref="SparseDiskTarget.CompleteAsync"/>; the map's unused room stays a hole.
/// </summary>
internal sealed class VdiDiskTarget : SparseDiskTarget
{
    private readonly DiskStamp _stamp;
    private readonly long _maxBlocks;

    /// <summary>Creates the file for a disk of at most <paramref name="maxVirtualSize"/> bytes.</summary>
    public VdiDiskTarget(string path, long maxVirtualSize, DiskStamp stamp)
        : base(path, VdiHeader.BlockSize, DataStart(maxVirtualSize), ReadOnlyMemory<byte>.Empty)
    {
        _stamp = stamp;
        _maxBlocks = BlockCount(maxVirtualSize);
    }

    /// <inheritdoc />
    protected override async ValueTask WriteTablesAsync(long size, CancellationToken cancellationToken)
    {
        long blocks = BlockCount(size);
        if (blocks > _maxBlocks)
        {
            throw new InvalidOperationException($"a {size}-byte disk needs more VDI blocks than the {_maxBlocks} reserved");
        }
        long dataStart = DataStart(_maxBlocks * VdiHeader.BlockSize);
        var map = new byte[blocks * 4];
        map.AsSpan().Fill(0xFF);
        foreach (var (block, at) in Data.Blocks)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(map.AsSpan((int)block * 4), (uint)((at - dataStart) / VdiHeader.BlockSize));
        }
        await RandomAccess.WriteAsync(Handle, map, VdiHeader.Length, cancellationToken).ConfigureAwait(false);
        var header = new VdiHeader(1, VdiHeader.Length, (uint)dataStart, size, (uint)blocks, (uint)Data.Blocks.Count,
            _stamp.Uuid, _stamp.ModificationUuid);
        await RandomAccess.WriteAsync(Handle, header.Encode(), 0, cancellationToken).ConfigureAwait(false);
    }

    private static long BlockCount(long size) => (size + VdiHeader.BlockSize - 1) / VdiHeader.BlockSize;

    // Data starts on a MiB boundary after the map, the alignment VirtualBox itself uses.
    private static long DataStart(long maxVirtualSize)
    {
        long mapEnd = VdiHeader.Length + BlockCount(maxVirtualSize) * 4;
        long dataStart = (mapEnd + VdiHeader.BlockSize - 1) / VdiHeader.BlockSize * VdiHeader.BlockSize;
        if (dataStart > uint.MaxValue)
        {
            throw D2lException.BadInput("VDI", "the disk is too large for a VDI block map");
        }
        return dataStart;
    }
}
