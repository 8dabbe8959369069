using System.Buffers.Binary;
using DockerToLinux.Disks.Sparse;

namespace DockerToLinux.Disks.Vmdk;

/// <summary>
/// A monolithicSparse VMDK written in one pass: header and descriptor in the first 64 KiB, uncompressed
/// 64 KiB grains in first-write order after them, and at the end the redundant and primary grain tables and
/// directories. Only tables covering written grains are stored; a zero directory entry reads as unallocated.
/// </summary>
public sealed class MonolithicSparseVmdkDiskTarget : SparseDiskTarget
{
    private const int GrainSize = VmdkHeader.DefaultGrainSectors * Units.SectorBytes;
    private const int TableEntries = VmdkHeader.DefaultGrainTableEntries;
    private readonly string _fileName;
    private readonly DiskStamp _stamp;

    /// <summary>Creates (truncating) the file; <paramref name="fileName"/> is the name the descriptor gives the extent.</summary>
    public MonolithicSparseVmdkDiskTarget(string path, string fileName, DiskStamp stamp)
        : base(path, GrainSize, GrainSize, ReadOnlyMemory<byte>.Empty)
    {
        _fileName = fileName;
        _stamp = stamp;
    }

    /// <inheritdoc />
    protected override async ValueTask WriteTablesAsync(long size, CancellationToken cancellationToken)
    {
        long capacity = Units.SectorsToHold(size);
        long grains = (capacity + VmdkHeader.DefaultGrainSectors - 1) / VmdkHeader.DefaultGrainSectors;
        long tables = (grains + TableEntries - 1) / TableEntries;
        var used = Data.Blocks.Keys.Select(grain => grain / TableEntries).Distinct().Order().ToArray();
        long at = Data.End;
        long redundantDirectory = await WriteTablesAndDirectoryAsync(at, used, tables, cancellationToken).ConfigureAwait(false);
        at = redundantDirectory + DirectoryBytes(tables);
        long directory = await WriteTablesAndDirectoryAsync(at, used, tables, cancellationToken).ConfigureAwait(false);

        var header = new VmdkHeader(1, 0x3, capacity, VmdkHeader.DefaultGrainSectors, TableEntries,
            redundantDirectory / Units.SectorBytes, directory / Units.SectorBytes, GrainSize / Units.SectorBytes, 0);
        await RandomAccess.WriteAsync(Handle, header.Encode(), 0, cancellationToken).ConfigureAwait(false);
        var descriptor = VmdkDescriptor.Encode("monolithicSparse", capacity, _fileName, _stamp.Uuid, "ide");
        await RandomAccess.WriteAsync(Handle, descriptor, VmdkHeader.DescriptorSector * Units.SectorBytes, cancellationToken).ConfigureAwait(false);
    }

    // One copy of the tables that hold entries, then the directory naming them; returns the directory's offset.
    private async ValueTask<long> WriteTablesAndDirectoryAsync(long at, long[] used, long tables, CancellationToken cancellationToken)
    {
        var directory = new byte[DirectoryBytes(tables)];
        var table = new byte[TableEntries * 4];
        foreach (long index in used)
        {
            Array.Clear(table);
            for (int i = 0; i < TableEntries; i++)
            {
                if (Data.Blocks.TryGetValue(index * TableEntries + i, out long grain))
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), (uint)(grain / Units.SectorBytes));
                }
            }
            await RandomAccess.WriteAsync(Handle, table, at, cancellationToken).ConfigureAwait(false);
            BinaryPrimitives.WriteUInt32LittleEndian(directory.AsSpan((int)index * 4), (uint)(at / Units.SectorBytes));
            at += table.Length;
        }
        await RandomAccess.WriteAsync(Handle, directory, at, cancellationToken).ConfigureAwait(false);
        return at;
    }

    private static long DirectoryBytes(long tables) => Units.WholeSectors(tables * 4);
}
