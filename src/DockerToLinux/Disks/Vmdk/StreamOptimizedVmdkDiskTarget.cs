using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;

namespace DockerToLinux.Disks.Vmdk;

/// <summary>
/// A streamOptimized VMDK, which must hold its grains in disk order: the pipeline's writes go to a sparse
/// scratch file of uncompressed grains beside the output (deleted on close), and <see cref="CompleteAsync"/>
/// makes the one sequential pass the format wants: header (directory at the end), descriptor, each
/// zlib-compressed grain behind its marker (see <see cref="GrainCompressor"/>), each grain table behind its marker, the directory, the footer
/// and the end-of-stream marker.
/// </summary>
internal sealed class StreamOptimizedVmdkDiskTarget : IDiskTarget
{
    private const int GrainSectors = VmdkHeader.DefaultGrainSectors;
    private const int GrainSize = GrainSectors * Units.SectorBytes;
    private const int TableEntries = VmdkHeader.DefaultGrainTableEntries;
    private const uint MarkerGrainTable = 1, MarkerDirectory = 2, MarkerFooter = 3;
    private readonly string _path;
    private readonly string _fileName;
    private readonly DiskStamp _stamp;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _scratchHandle;
    private readonly BlockAllocatingFile _scratch;

    /// <summary>Creates the scratch file beside <paramref name="path"/>; <paramref name="fileName"/> is the name the descriptor gives the extent.</summary>
    public StreamOptimizedVmdkDiskTarget(string path, string fileName, DiskStamp stamp)
    {
        _path = path;
        _fileName = fileName;
        _stamp = stamp;
        _scratchHandle = File.OpenHandle(path + ".grains", FileMode.Create, FileAccess.ReadWrite, FileShare.None,
            FileOptions.DeleteOnClose);
        _scratch = new BlockAllocatingFile(_scratchHandle, GrainSize, 0, ReadOnlyMemory<byte>.Empty);
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _scratch.WriteAsync(offset, data, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        _scratch.ReadAsync(offset, buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken) =>
        _scratch.ZeroAsync(offset, length, cancellationToken);

    /// <inheritdoc />
    public async ValueTask CompleteAsync(long size, CancellationToken cancellationToken)
    {
        long capacity = Units.SectorsToHold(size);
        long tables = (capacity + GrainSectors * TableEntries - 1) / (GrainSectors * TableEntries);
        var header = new VmdkHeader(3, 0x30001, capacity, GrainSectors, TableEntries, 0, VmdkHeader.DirectoryAtEnd,
            GrainSize / Units.SectorBytes, 1);
        await using var output = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, Units.MiB, useAsync: true);
        await output.WriteAsync(header.Encode(), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(VmdkDescriptor.Encode("streamOptimized", capacity, _fileName, _stamp.Uuid, "lsilogic"), cancellationToken)
            .ConfigureAwait(false);
        await output.WriteAsync(new byte[GrainSize - output.Position], cancellationToken).ConfigureAwait(false);

        var directory = new byte[Units.WholeSectors(tables * 4)];
        var table = new byte[TableEntries * 4];
        var grain = new byte[GrainSize];
        var compressed = new MemoryStream();
        long[] grains = _scratch.SortedBlocks();
        int next = 0;
        for (long index = 0; index < tables && next < grains.Length; index++)
        {
            Array.Clear(table);
            bool any = false;
            for (; next < grains.Length && grains[next] / TableEntries == index; next++)
            {
                long number = grains[next];
                await _scratch.ReadAsync(number * GrainSize, grain, cancellationToken).ConfigureAwait(false);
                if (!grain.AsSpan().ContainsAnyExcept((byte)0))
                {
                    continue;
                }
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan((int)(number % TableEntries) * 4), (uint)(output.Position / Units.SectorBytes));
                GrainCompressor.Compress(grain, compressed);
                var marker = new byte[12];
                BinaryPrimitives.WriteInt64LittleEndian(marker, number * GrainSectors);
                BinaryPrimitives.WriteUInt32LittleEndian(marker.AsSpan(8), (uint)compressed.Length);
                await output.WriteAsync(marker, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(compressed.GetBuffer().AsMemory(0, (int)compressed.Length), cancellationToken).ConfigureAwait(false);
                await PadAsync(output, cancellationToken).ConfigureAwait(false);
                any = true;
            }
            if (any)
            {
                await output.WriteAsync(Marker(table.Length / Units.SectorBytes, MarkerGrainTable), cancellationToken).ConfigureAwait(false);
                BinaryPrimitives.WriteUInt32LittleEndian(directory.AsSpan((int)index * 4), (uint)(output.Position / Units.SectorBytes));
                await output.WriteAsync(table, cancellationToken).ConfigureAwait(false);
            }
        }
        await output.WriteAsync(Marker(directory.Length / Units.SectorBytes, MarkerDirectory), cancellationToken).ConfigureAwait(false);
        long directorySector = output.Position / Units.SectorBytes;
        await output.WriteAsync(directory, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(Marker(1, MarkerFooter), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync((header with { DirectorySector = directorySector }).Encode(), cancellationToken).ConfigureAwait(false);
        // The end-of-stream marker: a zero sector (a marker of no sectors, type 0).
        await output.WriteAsync(new byte[VmdkHeader.Length], cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask PadAsync(FileStream output, CancellationToken cancellationToken)
    {
        int pad = (int)(Units.WholeSectors(output.Position) - output.Position);
        if (pad > 0)
        {
            await output.WriteAsync(new byte[pad], cancellationToken).ConfigureAwait(false);
        }
    }

    // A metadata marker: a whole sector holding {numSectors, size 0, type}.
    private static byte[] Marker(long sectors, uint type)
    {
        var marker = new byte[VmdkHeader.Length];
        BinaryPrimitives.WriteInt64LittleEndian(marker, sectors);
        BinaryPrimitives.WriteUInt32LittleEndian(marker.AsSpan(12), type);
        return marker;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _scratchHandle.Dispose();
        return ValueTask.CompletedTask;
    }
}
