using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sparse;

/// <summary>
/// The data area shared by the sparse formats: virtual blocks get file space on their first non-zero write,
/// appended in first-write order. Parts of a new block that are never written stay holes in the file, so a
/// block costs only the bytes actually written, yet reads back as zeros like the format promises.
/// </summary>
internal sealed class BlockAllocatingFile
{
    private readonly Dictionary<long, long> _blocks = [];

    /// <summary>Manages blocks of <paramref name="blockSize"/> bytes in <paramref name="handle"/>, the first at <paramref name="dataStart"/>.</summary>
    /// <param name="handle">The open format file; the caller owns it.</param>
    /// <param name="blockSize">Bytes of data per block.</param>
    /// <param name="dataStart">Where the first block goes (after the space the format reserves for its tables).</param>
    /// <param name="blockPrefix">Bytes written before each block's data (VHD's sector bitmap); empty for none.</param>
    public BlockAllocatingFile(SafeFileHandle handle, int blockSize, long dataStart, ReadOnlyMemory<byte> blockPrefix)
    {
        Handle = handle;
        BlockSize = blockSize;
        BlockPrefix = blockPrefix;
        End = dataStart;
    }

    /// <summary>The file.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Bytes of data per block.</summary>
    public int BlockSize { get; }

    /// <summary>Bytes written before each block's data.</summary>
    public ReadOnlyMemory<byte> BlockPrefix { get; }

    /// <summary>The first byte after the last allocated block (prefix and data); where tables at the end may go.</summary>
    public long End { get; private set; }

    /// <summary>Allocated blocks: virtual block index to the file offset of its data (after the prefix).</summary>
    public IReadOnlyDictionary<long, long> Blocks => _blocks;

    /// <summary>Allocated block indexes in virtual order.</summary>
    public long[] SortedBlocks()
    {
        var keys = _blocks.Keys.ToArray();
        Array.Sort(keys);
        return keys;
    }

    /// <summary>Writes at a virtual offset, allocating blocks for non-zero data and storing nothing for zeros on unallocated blocks.</summary>
    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            long block = offset / BlockSize;
            int inner = (int)(offset % BlockSize);
            int count = Math.Min(data.Length, BlockSize - inner);
            var piece = data[..count];
            if (!_blocks.TryGetValue(block, out long at))
            {
                if (!piece.Span.ContainsAnyExcept((byte)0))
                {
                    offset += count;
                    data = data[count..];
                    continue;
                }
                at = await AllocateAsync(block, cancellationToken).ConfigureAwait(false);
            }
            await RandomAccess.WriteAsync(Handle, piece, at + inner, cancellationToken).ConfigureAwait(false);
            offset += count;
            data = data[count..];
        }
    }

    /// <summary>Reads at a virtual offset; unallocated blocks and unwritten parts read as zeros.</summary>
    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            long block = offset / BlockSize;
            int inner = (int)(offset % BlockSize);
            int count = Math.Min(buffer.Length, BlockSize - inner);
            var piece = buffer[..count];
            if (_blocks.TryGetValue(block, out long at))
            {
                await FileIo.ReadFullyAsync(Handle, piece, at + inner, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                piece.Span.Clear();
            }
            offset += count;
            buffer = buffer[count..];
        }
    }

    /// <summary>Makes a range read as zeros: unallocated blocks need nothing, allocated ones get zeros written.</summary>
    public async ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken)
    {
        byte[]? zeros = null;
        long end = offset + length;
        while (offset < end)
        {
            long block = offset / BlockSize;
            int inner = (int)(offset % BlockSize);
            int count = (int)Math.Min(end - offset, BlockSize - inner);
            if (_blocks.TryGetValue(block, out long at))
            {
                zeros ??= new byte[BlockSize];
                await RandomAccess.WriteAsync(Handle, zeros.AsMemory(0, count), at + inner, cancellationToken).ConfigureAwait(false);
            }
            offset += count;
        }
    }

    /// <summary>Makes the file long enough to hold every allocated block whole, so its unwritten tail reads as zeros.</summary>
    public void ExtendToEnd()
    {
        if (RandomAccess.GetLength(Handle) < End)
        {
            RandomAccess.SetLength(Handle, End);
        }
    }

    private async ValueTask<long> AllocateAsync(long block, CancellationToken cancellationToken)
    {
        long prefixAt = End;
        if (!BlockPrefix.IsEmpty)
        {
            await RandomAccess.WriteAsync(Handle, BlockPrefix, prefixAt, cancellationToken).ConfigureAwait(false);
        }
        long at = prefixAt + BlockPrefix.Length;
        End = at + BlockSize;
        _blocks[block] = at;
        return at;
    }
}
