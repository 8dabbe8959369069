using System.Buffers.Binary;
using DockerToLinux.Disks;

namespace DockerToLinux.Tests.Disks.VendorRules;

/// <summary>A block a disk file stores: its index in the virtual disk, where its data is in the file, and the data.</summary>
public sealed record StoredBlock(long Index, long FileOffset, byte[] Data);

/// <summary>
/// Lists the blocks each sparse format stores, read straight from the file's tables as the format's
/// specification lays them out (not through d2l's readers), so that a test can judge what was stored.
/// </summary>
public static class StoredBlocks
{
    /// <summary>The names of the <see cref="FormatCase"/>s whose blocks <see cref="Read"/> lists: every format but fixed VHD, which stores the whole disk.</summary>
    public static TheoryData<string> FormatNames() => new(FormatCase.All.Values.Where(c => c.Format != DiskFormat.VhdFixed).Select(c => c.Name));

    /// <summary>The stored blocks of <paramref name="file"/>, a disk of <paramref name="format"/>.</summary>
    public static List<StoredBlock> Read(DiskFormat format, byte[] file)
    {
        if (format == DiskFormat.Vdi)
        {
            return Vdi(file);
        }
        if (format == DiskFormat.Qcow2)
        {
            return Qcow2(file);
        }
        if (format == DiskFormat.VmdkMonolithicSparse)
        {
            return SparseVmdk(file);
        }
        if (format == DiskFormat.VmdkStreamOptimized)
        {
            return [.. StreamOptimizedGrains.Read(file).Select(g => new StoredBlock(g.Lba / 128, g.Offset, StreamOptimizedGrains.Inflate(file, g, 65536)))];
        }
        if (format == DiskFormat.VhdDynamic)
        {
            return DynamicVhd(file);
        }
        if (format == DiskFormat.Vhdx)
        {
            return Vhdx(file);
        }
        throw new ArgumentException($"{format} stores no blocks of its own", nameof(format));
    }

    private static List<StoredBlock> Vdi(byte[] file)
    {
        var span = file.AsSpan();
        uint offBlocks = U32(span, 340), offData = U32(span, 344), cbBlock = U32(span, 376), blocks = U32(span, 384);
        var stored = new List<StoredBlock>();
        for (int i = 0; i < blocks; i++)
        {
            uint entry = U32(span, (int)offBlocks + i * 4);
            if (entry < 0xFFFFFFFE)
            {
                long at = offData + (long)entry * cbBlock;
                stored.Add(new StoredBlock(i, at, file.AsSpan((int)at, (int)cbBlock).ToArray()));
            }
        }
        return stored;
    }

    private static List<StoredBlock> Qcow2(byte[] file)
    {
        var span = file.AsSpan();
        int clusterBits = (int)BinaryPrimitives.ReadUInt32BigEndian(span[20..]);
        int cluster = 1 << clusterBits, l2Entries = cluster / 8;
        uint l1Size = BinaryPrimitives.ReadUInt32BigEndian(span[36..]);
        long l1 = BinaryPrimitives.ReadInt64BigEndian(span[40..]);
        const ulong OffsetMask = 0x00FF_FFFF_FFFF_FE00;
        var stored = new List<StoredBlock>();
        for (int i = 0; i < l1Size; i++)
        {
            long l2 = (long)(BinaryPrimitives.ReadUInt64BigEndian(span[(int)(l1 + i * 8)..]) & OffsetMask);
            for (int j = 0; l2 != 0 && j < l2Entries; j++)
            {
                long data = (long)(BinaryPrimitives.ReadUInt64BigEndian(span[(int)(l2 + j * 8)..]) & OffsetMask);
                if (data != 0)
                {
                    stored.Add(new StoredBlock((long)i * l2Entries + j, data, file.AsSpan((int)data, cluster).ToArray()));
                }
            }
        }
        return stored;
    }

    private static List<StoredBlock> SparseVmdk(byte[] file)
    {
        var span = file.AsSpan();
        long capacity = BinaryPrimitives.ReadInt64LittleEndian(span[12..]), grainSectors = BinaryPrimitives.ReadInt64LittleEndian(span[20..]);
        uint perTable = U32(span, 44);
        long directory = BinaryPrimitives.ReadInt64LittleEndian(span[56..]) * 512;
        long grains = (capacity + grainSectors - 1) / grainSectors, tables = (grains + perTable - 1) / perTable;
        var stored = new List<StoredBlock>();
        for (int t = 0; t < tables; t++)
        {
            long table = U32(span, (int)directory + t * 4) * 512L;
            for (int g = 0; table != 0 && g < perTable; g++)
            {
                long grain = U32(span, (int)table + g * 4) * 512L;
                if (grain > 512)
                {
                    stored.Add(new StoredBlock((long)t * perTable + g, grain, file.AsSpan((int)grain, (int)grainSectors * 512).ToArray()));
                }
            }
        }
        return stored;
    }

    private static List<StoredBlock> DynamicVhd(byte[] file)
    {
        var span = file.AsSpan();
        var footer = span[^512..];
        long header = BinaryPrimitives.ReadInt64BigEndian(footer[16..]);
        long bat = BinaryPrimitives.ReadInt64BigEndian(span[(int)(header + 16)..]);
        uint entries = BinaryPrimitives.ReadUInt32BigEndian(span[(int)(header + 28)..]);
        uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(span[(int)(header + 32)..]);
        int bitmap = (int)((blockSize / 512 / 8 + 511) / 512 * 512);
        var stored = new List<StoredBlock>();
        for (int i = 0; i < entries; i++)
        {
            uint sector = BinaryPrimitives.ReadUInt32BigEndian(span[(int)(bat + i * 4)..]);
            if (sector != 0xFFFFFFFF)
            {
                long at = sector * 512L + bitmap;
                stored.Add(new StoredBlock(i, at, file.AsSpan((int)at, (int)blockSize).ToArray()));
            }
        }
        return stored;
    }

    // The BAT region from the first region table, the block size from the metadata's File Parameters item
    // (read by position: d2l's table lists it first), and 1 MiB payload blocks with a sector bitmap entry
    // after every 4096 of them.
    private static List<StoredBlock> Vhdx(byte[] file)
    {
        var span = file.AsSpan();
        long bat = 0, metadata = 0;
        uint batLength = 0;
        for (int i = 0; i < U32(span, (192 << 10) + 8); i++)
        {
            var entry = span[((192 << 10) + 16 + i * 32)..];
            var id = new Guid(entry[..16]);
            if (id == new Guid("2DC27766-F623-4200-9D64-115E9BFD4A08"))
            {
                (bat, batLength) = (BinaryPrimitives.ReadInt64LittleEndian(entry[16..]), U32(entry, 24));
            }
            else if (id == new Guid("8B7CA206-4790-4B9A-B8FE-575F050F886E"))
            {
                metadata = BinaryPrimitives.ReadInt64LittleEndian(entry[16..]);
            }
        }
        int blockSize = (int)U32(span, (int)(metadata + U32(span, (int)metadata + 32 + 16)));
        long ratio = (1L << 23) * 512 / blockSize;
        var stored = new List<StoredBlock>();
        for (long i = 0; i < batLength / 8; i++)
        {
            ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(bat + i * 8)..]);
            if ((i + 1) % (ratio + 1) != 0 && (entry & 7) == 6)
            {
                long at = (long)(entry >> 20) << 20;
                stored.Add(new StoredBlock(i - i / (ratio + 1), at, file.AsSpan((int)at, blockSize).ToArray()));
            }
        }
        return stored;
    }

    private static uint U32(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
}
