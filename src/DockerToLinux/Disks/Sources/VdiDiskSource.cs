using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vdi;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>A VDI (dynamic or fixed) read through its block map.</summary>
internal sealed class VdiDiskSource : BlockMappedSource
{
    private readonly VdiHeader _header;
    private readonly uint[] _map;

    private VdiDiskSource(SafeFileHandle handle, VdiHeader header, uint[] map)
        : base(handle, header.DiskSize, VdiHeader.BlockSize, header.Type == 2 ? "fixed VDI" : "dynamic VDI")
    {
        _header = header;
        _map = map;
    }

    /// <summary>Reads the header and block map.</summary>
    public static async ValueTask<VdiDiskSource> OpenAsync(SafeFileHandle handle, VdiHeader header, CancellationToken cancellationToken)
    {
        if ((long)header.BlockCount * VdiHeader.BlockSize < header.DiskSize)
        {
            throw new InvalidDataException($"the VDI's {header.BlockCount} blocks do not cover its {header.DiskSize} bytes");
        }
        var bytes = await FileIo.ReadStructureAsync(handle, header.BlockMapOffset, checked((int)header.BlockCount * 4), "VDI block map", cancellationToken).ConfigureAwait(false);
        var map = new uint[header.BlockCount];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        }
        return new VdiDiskSource(handle, header, map);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken)
    {
        uint entry = _map[block];
        // 0xFFFFFFFF is "not allocated", 0xFFFFFFFE "allocated but zero": both read as zeros.
        if (entry >= 0xFFFFFFFE)
        {
            piece.Span.Clear();
            return false;
        }
        long at = _header.DataOffset + (long)entry * VdiHeader.BlockSize + inner;
        await FileIo.ReadFullyAsync(Handle, piece, at, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
