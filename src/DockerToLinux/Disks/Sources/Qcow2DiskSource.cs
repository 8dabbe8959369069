using System.Buffers.Binary;
using System.IO.Compression;
using DockerToLinux.Disks.Qcow2;
using DockerToLinux.Disks.Sparse;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>
/// A qcow2 image (v2 or v3, any cluster size, deflate-compressed clusters included) read through its L1
/// and L2 tables. Snapshots are ignored: the active L1 table is the disk.
/// </summary>
public sealed class Qcow2DiskSource : BlockMappedSource
{
    private const ulong OffsetMask = 0x00FF_FFFF_FFFF_FE00;
    private const ulong CompressedFlag = 1UL << 62;
    private readonly Qcow2Header _header;
    private readonly ulong[] _l1;
    private readonly Dictionary<ulong, ulong[]> _l2 = [];
    private readonly byte[] _cluster;
    private long _cachedCluster = -1;

    private Qcow2DiskSource(SafeFileHandle handle, Qcow2Header header, ulong[] l1)
        : base(handle, header.Size, 1L << header.ClusterBits, $"qcow2 v{header.Version}")
    {
        _header = header;
        _l1 = l1;
        _cluster = new byte[1 << header.ClusterBits];
    }

    private int L2Entries => (1 << _header.ClusterBits) / 8;

    /// <summary>Reads the L1 table.</summary>
    public static async ValueTask<Qcow2DiskSource> OpenAsync(SafeFileHandle handle, Qcow2Header header, CancellationToken cancellationToken)
    {
        long l2Entries = (1L << header.ClusterBits) / 8;
        long clusters = (header.Size + (1L << header.ClusterBits) - 1) >> header.ClusterBits;
        if (header.L1Size < (clusters + l2Entries - 1) / l2Entries || header.L1Size > 32 * Units.MiB)
        {
            throw new InvalidDataException($"qcow2 L1 size {header.L1Size} does not fit the disk's size");
        }
        var bytes = await FileIo.ReadStructureAsync(handle, header.L1Offset, checked((int)header.L1Size * 8), "qcow2 L1 table", cancellationToken).ConfigureAwait(false);
        var l1 = new ulong[header.L1Size];
        for (int i = 0; i < l1.Length; i++)
        {
            l1[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        }
        return new Qcow2DiskSource(handle, header, l1);
    }

    /// <inheritdoc />
    protected override async ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken)
    {
        ulong l2Offset = _l1[block / L2Entries] & OffsetMask;
        ulong entry = l2Offset == 0 ? 0 : (await L2Async(l2Offset, cancellationToken).ConfigureAwait(false))[block % L2Entries];
        if ((entry & CompressedFlag) != 0)
        {
            if (_cachedCluster != block)
            {
                await InflateClusterAsync(entry, cancellationToken).ConfigureAwait(false);
                _cachedCluster = block;
            }
            _cluster.AsMemory(inner, piece.Length).CopyTo(piece);
            return true;
        }
        ulong data = entry & OffsetMask;
        // Bit 0 ("reads as zero", v3) wins over any offset; offset 0 is unallocated.
        if (data == 0 || (_header.Version == 3 && (entry & 1) != 0))
        {
            piece.Span.Clear();
            return false;
        }
        await FileIo.ReadFullyAsync(Handle, piece, (long)data + inner, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<ulong[]> L2Async(ulong offset, CancellationToken cancellationToken)
    {
        if (!_l2.TryGetValue(offset, out var table))
        {
            var bytes = await FileIo.ReadStructureAsync(Handle, (long)offset, L2Entries * 8, "qcow2 L2 table", cancellationToken).ConfigureAwait(false);
            table = new ulong[L2Entries];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
            }
            _l2[offset] = table;
        }
        return table;
    }

    // A compressed cluster descriptor: the host offset in the low (62 - (cluster_bits - 8)) bits, then the
    // count of extra 512-byte sectors; the data is raw deflate (no zlib wrapper) that may end mid-sector.
    private async ValueTask InflateClusterAsync(ulong entry, CancellationToken cancellationToken)
    {
        int offsetBits = 62 - (_header.ClusterBits - 8);
        long hostOffset = (long)(entry & ((1UL << offsetBits) - 1));
        long sectors = (long)((entry >> offsetBits) & ((1UL << (_header.ClusterBits - 8)) - 1)) + 1;
        int length = (int)(sectors * Units.SectorBytes - (hostOffset & (Units.SectorBytes - 1)));
        var compressed = await FileIo.ReadAsync(Handle, hostOffset, length, cancellationToken).ConfigureAwait(false);
        using var deflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        Array.Clear(_cluster);
        deflate.ReadAtLeast(_cluster, _cluster.Length, throwOnEndOfStream: false);
    }
}
