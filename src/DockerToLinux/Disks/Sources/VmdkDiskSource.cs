using System.Buffers.Binary;
using System.IO.Compression;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vmdk;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>
/// A single-file sparse VMDK (monolithicSparse, or streamOptimized with zlib grains behind markers), read
/// through its grain directory and tables. A streamOptimized file whose header defers the directory to the
/// end has it in the footer, a header copy 1024 bytes before the end of the file.
/// </summary>
public sealed class VmdkDiskSource : BlockMappedSource
{
    private readonly VmdkHeader _header;
    private readonly uint[] _directory;
    private readonly Dictionary<uint, uint[]> _tables = [];
    private readonly byte[] _grain;
    private long _cachedGrain = -1;

    private VmdkDiskSource(SafeFileHandle handle, VmdkHeader header, uint[] directory)
        : base(handle, header.CapacitySectors * Units.SectorBytes, header.GrainSectors * Units.SectorBytes,
            header.Compressed ? "streamOptimized VMDK" : "sparse VMDK")
    {
        _header = header;
        _directory = directory;
        _grain = new byte[header.GrainSectors * Units.SectorBytes];
    }

    /// <summary>Reads the header (or the footer) and the grain directory.</summary>
    public static async ValueTask<VmdkDiskSource> OpenAsync(SafeFileHandle handle, VmdkHeader header, CancellationToken cancellationToken)
    {
        if (header.DirectorySector == VmdkHeader.DirectoryAtEnd)
        {
            // The file ends with the footer (a copy of the header) and the end-of-stream marker, a sector each.
            long footerAt = RandomAccess.GetLength(handle) - 2 * VmdkHeader.Length;
            header = VmdkHeader.TryDecode(await FileIo.ReadAsync(handle, footerAt, VmdkHeader.Length, cancellationToken).ConfigureAwait(false))
                ?? throw new InvalidDataException("the VMDK's footer is missing");
        }
        if (header.GrainSectors is < 1 or > 2048 || header.GrainTableEntries is < 1 or > 65536)
        {
            throw new InvalidDataException($"VMDK grain size {header.GrainSectors} or table size {header.GrainTableEntries} is out of range");
        }
        if (header.Compressed && header.Compression != 1)
        {
            throw new InvalidDataException($"VMDK compression {header.Compression} is not supported");
        }
        long grains = (header.CapacitySectors + header.GrainSectors - 1) / header.GrainSectors;
        long tables = (grains + header.GrainTableEntries - 1) / header.GrainTableEntries;
        var bytes = await FileIo.ReadStructureAsync(handle, header.DirectorySector * Units.SectorBytes, checked((int)tables * 4), "VMDK grain directory", cancellationToken).ConfigureAwait(false);
        var directory = new uint[tables];
        for (int i = 0; i < directory.Length; i++)
        {
            directory[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        }
        return new VmdkDiskSource(handle, header, directory);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken)
    {
        uint tableSector = _directory[block / _header.GrainTableEntries];
        uint entry = tableSector == 0 ? 0 : (await TableAsync(tableSector, cancellationToken).ConfigureAwait(false))[block % _header.GrainTableEntries];
        // 0 is a sparse grain; 1 is a grain known to be zero (the "zeroed grain table entry" feature).
        if (entry <= 1)
        {
            piece.Span.Clear();
            return false;
        }
        if ((_header.Flags & VmdkHeader.CompressedFlag) == 0)
        {
            await FileIo.ReadFullyAsync(Handle, piece, (long)entry * Units.SectorBytes + inner, cancellationToken).ConfigureAwait(false);
            return true;
        }
        if (_cachedGrain != block)
        {
            await InflateGrainAsync(entry, cancellationToken).ConfigureAwait(false);
            _cachedGrain = block;
        }
        _grain.AsMemory(inner, piece.Length).CopyTo(piece);
        return true;
    }

    private async ValueTask<uint[]> TableAsync(uint sector, CancellationToken cancellationToken)
    {
        if (!_tables.TryGetValue(sector, out var table))
        {
            var bytes = await FileIo.ReadStructureAsync(Handle, (long)sector * Units.SectorBytes, (int)_header.GrainTableEntries * 4, "VMDK grain table", cancellationToken).ConfigureAwait(false);
            table = new uint[_header.GrainTableEntries];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
            }
            _tables[sector] = table;
        }
        return table;
    }

    // A compressed grain: a 12-byte marker {lba u64, size u32}, then that many bytes of zlib data.
    private async ValueTask InflateGrainAsync(uint sector, CancellationToken cancellationToken)
    {
        var marker = await FileIo.ReadAsync(Handle, (long)sector * Units.SectorBytes, 12, cancellationToken).ConfigureAwait(false);
        int size = BinaryPrimitives.ReadInt32LittleEndian(marker.AsSpan(8));
        if (size <= 0 || size > _grain.Length * 2 + 4 * Units.KiB)
        {
            throw new InvalidDataException($"a VMDK grain at sector {sector} claims {size} compressed bytes");
        }
        var compressed = await FileIo.ReadAsync(Handle, (long)sector * Units.SectorBytes + 12, size, cancellationToken).ConfigureAwait(false);
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        Array.Clear(_grain);
        zlib.ReadAtLeast(_grain, _grain.Length, throwOnEndOfStream: false);
    }
}
