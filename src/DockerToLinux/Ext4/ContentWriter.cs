namespace DockerToLinux.Ext4;

/// <summary>
/// Puts file data into blocks: one allocator, one write-behind buffer. The filesystem has one for the files
/// it is given one after another; each layer flattened in parallel has one over its own region. All-zero
/// blocks become holes that take no block at all.
/// </summary>
/// <param name="allocator">Where blocks come from.</param>
/// <param name="writer">The buffer in front of the partition.</param>
/// <param name="newContent">Makes (and registers) the content of a file of the given length, pinned or not.</param>
/// <param name="exhausted">
/// Called when <paramref name="allocator"/> has no block left: it either moves the allocator on to more room
/// or throws. Without it, the allocator's own full exception stops the write.
/// </param>
internal sealed class ContentWriter(BlockAllocator allocator, BlockWriter writer, Func<long, bool, Ext4Content> newContent,
    Func<CancellationToken, ValueTask>? exhausted = null)
{
    private const int ReadChunkBytes = Units.MiB;

    private readonly byte[] _tail = new byte[Ext4Geometry.BlockSize];

    /// <summary>Where blocks come from.</summary>
    public BlockAllocator Allocator => allocator;

    /// <summary>The buffer in front of the partition.</summary>
    public BlockWriter Writer => writer;

    /// <summary>Reads exactly <paramref name="length"/> bytes from <paramref name="source"/> into new blocks.</summary>
    /// <exception cref="EndOfStreamException">The source ended early.</exception>
    public async ValueTask<Ext4Content> AddAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        var content = newContent(length, false);
        long logical = 0;
        for (long remaining = length; remaining > 0;)
        {
            int want = (int)Math.Min(ReadChunkBytes, remaining);
            int blocks = (want + Ext4Geometry.BlockSize - 1) / Ext4Geometry.BlockSize;
            // Read straight into the write-behind buffer: the common case (no hole, next blocks free) then
            // needs no further copy before the disk write.
            var chunk = await Writer.ReserveAsync(blocks * Ext4Geometry.BlockSize, cancellationToken).ConfigureAwait(false);
            int got = await source.ReadAtLeastAsync(chunk[..want], want, throwOnEndOfStream: false,
                cancellationToken).ConfigureAwait(false);
            if (got < want)
            {
                throw new EndOfStreamException($"the file's data ended {remaining - got} bytes early");
            }
            remaining -= got;
            chunk.Span[got..].Clear();
            await StoreBlocksAsync(content, logical, chunk, cancellationToken).ConfigureAwait(false);
            logical += blocks;
        }
        return content;
    }

    /// <summary>Stores bytes held in memory in new blocks.</summary>
    public async ValueTask<Ext4Content> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var content = newContent(data.Length, false);
        int whole = data.Length / Ext4Geometry.BlockSize * Ext4Geometry.BlockSize;
        await StoreBlocksAsync(content, 0, data[..whole], cancellationToken).ConfigureAwait(false);
        if (whole < data.Length)
        {
            var tail = PadTail(data[whole..]);
            await StoreBlocksAsync(content, whole / Ext4Geometry.BlockSize, tail, cancellationToken).ConfigureAwait(false);
        }
        return content;
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="block"/>, the last block padded with zeros.</summary>
    public async ValueTask WritePaddedAsync(long block, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        int whole = data.Length / Ext4Geometry.BlockSize * Ext4Geometry.BlockSize;
        await Writer.WriteAsync(block, data[..whole], cancellationToken).ConfigureAwait(false);
        if (whole < data.Length)
        {
            await Writer.WriteAsync(block + whole / Ext4Geometry.BlockSize, PadTail(data[whole..]), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    // Stores whole blocks; all-zero blocks become holes that take no block number at all.
    private async ValueTask StoreBlocksAsync(Ext4Content content, long logical, ReadOnlyMemory<byte> blocks,
        CancellationToken cancellationToken)
    {
        int count = blocks.Length / Ext4Geometry.BlockSize;
        int i = 0;
        while (i < count)
        {
            if (IsZero(blocks, i))
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < count && !IsZero(blocks, end))
            {
                end++;
            }
            while (i < end)
            {
                BlockRun run;
                while (!Allocator.TryAllocate(end - i, out run))
                {
                    if (exhausted is null)
                    {
                        Allocator.Allocate(end - i);
                    }
                    else
                    {
                        await exhausted(cancellationToken).ConfigureAwait(false);
                    }
                }
                var slice = blocks.Slice(i * Ext4Geometry.BlockSize, (int)run.Count * Ext4Geometry.BlockSize);
                await Writer.WriteAsync(run.Start, slice, cancellationToken).ConfigureAwait(false);
                Extent.Append(content.Extents, logical + i, run.Start, run.Count);
                i += (int)run.Count;
            }
        }
    }

    private static bool IsZero(ReadOnlyMemory<byte> blocks, int index) =>
        blocks.Span.Slice(index * Ext4Geometry.BlockSize, Ext4Geometry.BlockSize).IndexOfAnyExcept((byte)0) < 0;

    // The last partial block, zero-padded in a reused buffer (the writer copies it before returning).
    private byte[] PadTail(ReadOnlyMemory<byte> tail)
    {
        Array.Clear(_tail);
        tail.Span.CopyTo(_tail);
        return _tail;
    }
}
