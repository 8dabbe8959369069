using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vhd;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>
/// A dynamic VHD read through its BAT. Like QEMU, a present block reads whole from its data: the sector
/// bitmap is not consulted (writers set it to all ones).
/// </summary>
public sealed class VhdDiskSource : BlockMappedSource
{
    private readonly uint[] _bat;
    private readonly int _bitmapBytes;

    private VhdDiskSource(SafeFileHandle handle, long size, VhdDynamicHeader header, uint[] bat)
        : base(handle, size, header.BlockSize, "dynamic VHD")
    {
        _bat = bat;
        _bitmapBytes = header.BitmapBytes;
    }

    /// <summary>Opens a VHD from its footer: a fixed one as raw data, a dynamic one through its header and BAT.</summary>
    public static async ValueTask<IDiskSource> OpenAsync(SafeFileHandle handle, VhdFooter footer, long footerOffset, CancellationToken cancellationToken)
    {
        if (footer.DiskType == VhdFooter.Fixed)
        {
            if (footer.CurrentSize > footerOffset)
            {
                throw new InvalidDataException("the fixed VHD's footer claims more data than the file holds");
            }
            return new RawDiskSource(handle, footer.CurrentSize, "fixed VHD");
        }
        if (footer.DiskType != VhdFooter.Dynamic)
        {
            throw new InvalidDataException($"VHD disk type {footer.DiskType} is not supported (differencing disks need their parent)");
        }
        var headerBytes = await FileIo.ReadStructureAsync(handle, (long)footer.DataOffset, VhdDynamicHeader.Length, "VHD dynamic header", cancellationToken).ConfigureAwait(false);
        var header = VhdDynamicHeader.Decode(headerBytes);
        if ((long)header.MaxTableEntries * header.BlockSize < footer.CurrentSize)
        {
            throw new InvalidDataException("the VHD's BAT does not cover its size");
        }
        var bytes = await FileIo.ReadStructureAsync(handle, header.TableOffset, checked((int)header.MaxTableEntries * 4), "VHD block allocation table", cancellationToken).ConfigureAwait(false);
        var bat = new uint[header.MaxTableEntries];
        for (int i = 0; i < bat.Length; i++)
        {
            bat[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i * 4));
        }
        return new VhdDiskSource(handle, footer.CurrentSize, header, bat);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken)
    {
        uint sector = _bat[block];
        if (sector == uint.MaxValue)
        {
            piece.Span.Clear();
            return false;
        }
        await FileIo.ReadFullyAsync(Handle, piece, (long)sector * Units.SectorBytes + _bitmapBytes + inner, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
