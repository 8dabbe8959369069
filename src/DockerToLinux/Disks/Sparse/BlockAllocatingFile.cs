using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sparse;

/// <summary>
/// The data area shared by the sparse formats: virtual blocks get file space on their first non-zero write,
/// appended in first-write order. Parts of a new block that are never written stay holes in the file, so a
/// block costs only the bytes actually written, yet reads back as zeros like the format promises.
/// A block that ends up all zeros (the blocks of a file a later layer deleted) is given up: a block zeroed
/// whole gives its slot back at once, for the next new block; <see cref="ReleaseZeroBlocksAsync"/> gives up the
/// others at the end and moves the last blocks into the gaps, so no stored block is all zeros and the data
/// area has no holes between blocks.
/// </summary>
internal sealed class BlockAllocatingFile
{
    private const int Page = 4096;
    private readonly Dictionary<long, long> _blocks = [];
    private readonly SortedSet<long> _freeSlots = [];
    // Allocated blocks that a zero write or a zeroed range touched: the only ones that can have become all zeros.
    private readonly HashSet<long> _maybeZero = [];

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
        DataStart = dataStart;
        End = dataStart;
    }

    /// <summary>Where the first block's slot (prefix and data) starts.</summary>
    public long DataStart { get; }

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
            else if (!piece.Span.ContainsAnyExcept((byte)0))
            {
                _maybeZero.Add(block);
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

    /// <summary>
    /// Makes a range read as zeros: unallocated blocks need nothing, an allocated block zeroed whole is given up
    /// (its slot is reused), and parts of allocated blocks are cleared.
    /// </summary>
    public async ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken)
    {
        long end = offset + length;
        while (offset < end)
        {
            long block = offset / BlockSize;
            int inner = (int)(offset % BlockSize);
            int count = (int)Math.Min(end - offset, BlockSize - inner);
            if (_blocks.TryGetValue(block, out long at))
            {
                if (count == BlockSize)
                {
                    await ReleaseAsync(block, at, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ClearAsync(at + inner, count, cancellationToken).ConfigureAwait(false);
                    _maybeZero.Add(block);
                }
            }
            offset += count;
        }
    }

    /// <summary>
    /// Gives up every allocated block that reads as all zeros, then fills the gaps that leaves (and those left
    /// by blocks zeroed whole) with the blocks stored last, so the allocated blocks are contiguous from the
    /// start of the data area and <see cref="End"/> follows the last of them. The file is cut at <see cref="End"/>.
    /// </summary>
    public async ValueTask ReleaseZeroBlocksAsync(CancellationToken cancellationToken)
    {
        var block = new byte[BlockSize];
        foreach (long index in _maybeZero.Order())
        {
            if (_blocks.TryGetValue(index, out long at))
            {
                await FileIo.ReadFullyAsync(Handle, block, at, cancellationToken).ConfigureAwait(false);
                if (!block.AsSpan().ContainsAnyExcept((byte)0))
                {
                    await ReleaseAsync(index, at, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        _maybeZero.Clear();
        var bySlot = _blocks.OrderByDescending(pair => pair.Value).Select(pair => (Block: pair.Key, At: pair.Value)).ToList();
        int last = 0;
        while (_freeSlots.Count > 0 && last < bySlot.Count && _freeSlots.Min < bySlot[last].At)
        {
            long slot = _freeSlots.Min;
            _freeSlots.Remove(slot);
            await FileIo.ReadFullyAsync(Handle, block, bySlot[last].At, cancellationToken).ConfigureAwait(false);
            await WritePagesAsync(block, slot, cancellationToken).ConfigureAwait(false);
            _blocks[bySlot[last].Block] = slot;
            last++;
        }
        _freeSlots.Clear();
        End = _blocks.Count == 0 ? DataStart : _blocks.Values.Max() + BlockSize;
        RandomAccess.SetLength(Handle, Math.Min(RandomAccess.GetLength(Handle), End));
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
        if (_freeSlots.Count > 0)
        {
            // A given-up slot reads as zeros and keeps its prefix.
            long slot = _freeSlots.Min;
            _freeSlots.Remove(slot);
            _blocks[block] = slot;
            return slot;
        }
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

    private async ValueTask ReleaseAsync(long block, long at, CancellationToken cancellationToken)
    {
        _blocks.Remove(block);
        _maybeZero.Remove(block);
        await ClearAsync(at, BlockSize, cancellationToken).ConfigureAwait(false);
        _freeSlots.Add(at);
    }

    // Makes file bytes read as zeros, as a hole where the filesystem can punch one.
    private async ValueTask ClearAsync(long at, int count, CancellationToken cancellationToken)
    {
        if (!HolePuncher.TryPunch(Handle, at, count))
        {
            await RandomAccess.WriteAsync(Handle, new byte[count], at, cancellationToken).ConfigureAwait(false);
        }
    }

    // Writes the pages of a block that hold data into a slot that reads as zeros, leaving the rest holes.
    private async ValueTask WritePagesAsync(byte[] block, long slot, CancellationToken cancellationToken)
    {
        for (int page = 0; page < block.Length; page += Page)
        {
            var piece = block.AsMemory(page, Math.Min(Page, block.Length - page));
            if (piece.Span.ContainsAnyExcept((byte)0))
            {
                await RandomAccess.WriteAsync(Handle, piece, slot + page, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
