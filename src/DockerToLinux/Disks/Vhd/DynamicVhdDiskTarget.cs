using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;

namespace DockerToLinux.Disks.Vhd;

/// <summary>
/// A dynamic VHD written in one pass: footer copy at 0, dynamic header at 512, the BAT at 1536 with room
/// for the largest disk the build can make, then 2 MiB blocks (each after its all-ones sector bitmap) in
/// first-write order, and the footer at the end. The first block's data starts on a MiB boundary.
/// </summary>
public sealed class DynamicVhdDiskTarget : SparseDiskTarget
{
    /// <summary>The largest size the format allows: 2040 GiB.</summary>
    public const long MaximumSize = 2040 * Units.GiB;

    // The footer's copy comes first, so the dynamic header starts where it ends, and the BAT after that.
    private const long HeaderOffset = VhdFooter.Length;
    private const long TableOffset = HeaderOffset + VhdDynamicHeader.Length;

    // One bit per sector of a block: for 2 MiB blocks, exactly one sector.
    private const int BitmapBytes = VhdDynamicHeader.DefaultBlockSize / Units.SectorBytes / 8;
    private static readonly byte[] SectorBitmap = Enumerable.Repeat((byte)0xFF, BitmapBytes).ToArray();
    private readonly DiskStamp _stamp;
    private readonly long _maxBlocks;

    /// <summary>Creates the file for a disk of at most <paramref name="maxVirtualSize"/> bytes.</summary>
    public DynamicVhdDiskTarget(string path, long maxVirtualSize, DiskStamp stamp)
        : base(path, VhdDynamicHeader.DefaultBlockSize, FirstBitmap(maxVirtualSize), SectorBitmap)
    {
        _stamp = stamp;
        _maxBlocks = BlockCount(Math.Min(maxVirtualSize, MaximumSize));
    }

    /// <inheritdoc />
    protected override async ValueTask WriteTablesAsync(long size, CancellationToken cancellationToken)
    {
        if (size > MaximumSize || size % Units.SectorBytes != 0)
        {
            throw D2lException.BadInput("VHD", $"a dynamic VHD holds at most 2040 GiB in whole sectors, not {size} bytes");
        }
        long blocks = BlockCount(size);
        if (blocks > _maxBlocks)
        {
            throw new InvalidOperationException($"a {size}-byte disk needs more VHD blocks than the {_maxBlocks} reserved");
        }
        var bat = new byte[Units.WholeSectors(blocks * 4)];
        bat.AsSpan().Fill(0xFF);
        foreach (var (block, at) in Data.Blocks)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bat.AsSpan((int)block * 4), (uint)((at - BitmapBytes) / Units.SectorBytes));
        }
        await RandomAccess.WriteAsync(Handle, bat, TableOffset, cancellationToken).ConfigureAwait(false);
        var header = new VhdDynamicHeader(TableOffset, (uint)blocks, VhdDynamicHeader.DefaultBlockSize);
        await RandomAccess.WriteAsync(Handle, header.Encode(), HeaderOffset, cancellationToken).ConfigureAwait(false);
        var footer = new VhdFooter(HeaderOffset, VhdFooter.TimestampOf(_stamp.Time), size, VhdFooter.Dynamic, _stamp.Uuid).Encode();
        await RandomAccess.WriteAsync(Handle, footer, 0, cancellationToken).ConfigureAwait(false);
        await RandomAccess.WriteAsync(Handle, footer, Data.End, cancellationToken).ConfigureAwait(false);
    }

    private static long BlockCount(long size) => (size + VhdDynamicHeader.DefaultBlockSize - 1) / VhdDynamicHeader.DefaultBlockSize;

    // The bitmap sector sits just below a MiB boundary so the first block's data is MiB-aligned.
    private static long FirstBitmap(long maxVirtualSize)
    {
        long batEnd = TableOffset + BlockCount(Math.Min(maxVirtualSize, MaximumSize)) * 4 + BitmapBytes;
        return (batEnd + Units.MiB - 1) / Units.MiB * Units.MiB - BitmapBytes;
    }
}
