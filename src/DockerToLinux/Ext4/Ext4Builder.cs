using System.Text;
using DockerToLinux.Disks;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>
/// Writes an ext4 filesystem onto a partition in one pass: as layers stream, file data goes straight to its
/// final blocks (this class is the flattener's <see cref="IFileContentStore"/>); <see cref="FinishAsync"/>
/// then writes directories, inodes, extent trees, xattrs, the journal, bitmaps, descriptors and superblocks.
/// Not thread-safe: one writer at a time.
/// </summary>
public sealed class Ext4Builder : IFileContentStore, IAsyncDisposable
{
    private const int ReadChunkBytes = 1 << 20;
    private const long MaxFileBytes = (1L << 32) * Ext4Geometry.BlockSize - Ext4Geometry.BlockSize;
    private const long LargestFilesystemBlocks = (1L << 32) - Ext4Geometry.BlocksPerGroup;

    private readonly IDiskTarget _partition;
    private readonly Ext4Options _options;
    private readonly Ext4Geometry _geometry;
    private readonly BlockAllocator _allocator;
    private readonly BlockWriter _writer;
    private readonly long _limitBlocks;
    private readonly ZeroQueue _zeroQueue = new();
    private readonly List<Ext4Content> _contents = [];
    private readonly byte[] _tail = new byte[Ext4Geometry.BlockSize];
    private bool _finished;

    /// <summary>Prepares to write a filesystem onto <paramref name="partition"/> (offsets relative to its start).</summary>
    /// <exception cref="D2lException">The options are unusable (label too long, size too small).</exception>
    public Ext4Builder(IDiskTarget partition, Ext4Options options)
    {
        _partition = partition;
        _options = options;
        if (Encoding.UTF8.GetByteCount(options.Label) > 16)
        {
            throw new D2lException(FailureKind.BadInput, $"the filesystem label '{options.Label}' is longer than 16 bytes");
        }
        long requested = options.SizeBytes ?? options.MaxSizeBytes;
        long layoutBlocks = Math.Min(requested / Ext4Geometry.BlockSize, LargestFilesystemBlocks);
        _geometry = new Ext4Geometry(Math.Max(layoutBlocks, 1));
        _limitBlocks = _geometry.FitLastGroup(layoutBlocks, roundUp: false);
        if (_limitBlocks <= _geometry.DataStart(0))
        {
            throw new D2lException(FailureKind.BadInput, options.SizeBytes is null
                ? $"the largest filesystem allowed ({requested >> 20} MiB) is too small for ext4"
                : $"--size {requested >> 20} MiB is too small for an ext4 filesystem");
        }
        _allocator = new BlockAllocator(_geometry, _limitBlocks, Full);
        _writer = new BlockWriter(partition);
    }

    /// <inheritdoc />
    public async ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        var content = NewContent(length);
        long logical = 0;
        for (long remaining = length; remaining > 0;)
        {
            int want = (int)Math.Min(ReadChunkBytes, remaining);
            int blocks = (want + Ext4Geometry.BlockSize - 1) / Ext4Geometry.BlockSize;
            // Read straight into the write-behind buffer: the common case (no hole, next blocks free) then
            // needs no further copy before the disk write.
            var chunk = await _writer.ReserveAsync(blocks * Ext4Geometry.BlockSize, cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    public async ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var content = NewContent(data.Length);
        int whole = data.Length / Ext4Geometry.BlockSize * Ext4Geometry.BlockSize;
        await StoreBlocksAsync(content, 0, data[..whole], cancellationToken).ConfigureAwait(false);
        if (whole < data.Length)
        {
            var tail = PadTail(data[whole..]);
            await StoreBlocksAsync(content, whole / Ext4Geometry.BlockSize, tail, cancellationToken).ConfigureAwait(false);
        }
        return content;
    }

    /// <inheritdoc />
    public async ValueTask<FileContent> AddPinnedAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var content = new Ext4Content(data.Length, pinned: true);
        long blocks = (data.Length + Ext4Geometry.BlockSize - 1) / Ext4Geometry.BlockSize;
        if (blocks == 0)
        {
            return content;
        }
        var run = _allocator.AllocateContiguous(blocks);
        await WritePaddedAsync(run.Start, data, cancellationToken).ConfigureAwait(false);
        Extent.Append(content.Extents, 0, run.Start, blocks);
        _contents.Add(content);
        return content;
    }

    /// <inheritdoc />
    public IReadOnlyList<long> GetSectors(FileContent content)
    {
        var stored = Own(content);
        const int sectorsPerBlock = Ext4Geometry.BlockSize / 512;
        long sectors = (stored.Length + 511) / 512;
        var result = new List<long>((int)sectors);
        foreach (var extent in stored.Extents)
        {
            for (long i = 0; i < (long)extent.Length * sectorsPerBlock && result.Count < sectors; i++)
            {
                if (extent.Logical * sectorsPerBlock + i != result.Count)
                {
                    throw new InvalidOperationException("only content without holes has a sector list");
                }
                result.Add(extent.Physical * sectorsPerBlock + i);
            }
        }
        return result;
    }

    /// <inheritdoc />
    public async ValueTask OverwriteAsync(FileContent content, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var stored = Own(content);
        if (!stored.Pinned || data.Length != stored.Length)
        {
            throw new InvalidOperationException("only pinned content can be overwritten, with bytes of the same length");
        }
        // The old bytes may still sit in the write-behind buffer; flush first so they cannot land later.
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (stored.Extents.Count > 0)
        {
            await WritePaddedAsync(stored.Extents[0].Physical, data, cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(FileContent content) => new ContentReadStream(Own(content), _partition, _writer.FlushAsync);

    /// <inheritdoc />
    /// <remarks>The blocks are freed now and zeroed on the partition before <see cref="FinishAsync"/> writes metadata.</remarks>
    public void Release(FileContent content)
    {
        var stored = Own(content);
        if (stored.Released)
        {
            return;
        }
        stored.Released = true;
        foreach (var extent in stored.Extents)
        {
            var run = new BlockRun(extent.Physical, extent.Length);
            _allocator.Free(run);
            _zeroQueue.Add(run);
        }
        stored.Extents.Clear();
    }

    /// <summary>
    /// Writes all metadata for the tree under <paramref name="root"/> and returns the filesystem's size. Content
    /// must have come from this builder; call once.
    /// </summary>
    /// <exception cref="D2lException">The content does not fit in the fixed or largest allowed size.</exception>
    public async Task<Ext4Result> FinishAsync(FsNode root, CancellationToken cancellationToken)
    {
        if (_finished)
        {
            throw new InvalidOperationException("the filesystem is already finished");
        }
        _finished = true;
        // Content stored but never put into the tree (or dropped without a release) would hold blocks no
        // inode owns, which e2fsck reports; it is released like a deleted file, secrets zeroed.
        var referenced = ReferencedContents(root);
        foreach (var content in _contents)
        {
            if (!referenced.Contains(content))
            {
                Release(content);
            }
        }
        _contents.Clear();
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _zeroQueue.ZeroAsync(_partition, cancellationToken).ConfigureAwait(false);
        var finisher = new Ext4Finisher(_geometry, _allocator, _writer, _options, _limitBlocks, Full);
        return await finisher.RunAsync(root, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            // An abandoned build still must not leave a released secret readable.
            await _writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await _zeroQueue.ZeroAsync(_partition, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static HashSet<FileContent> ReferencedContents(FsNode root)
    {
        var found = new HashSet<FileContent>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<FsNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().Entries!.Values)
            {
                if (entry.Node.Kind == NodeKind.Directory)
                {
                    pending.Push(entry.Node);
                }
                else if (entry.Node.Content is { } content)
                {
                    found.Add(content);
                }
            }
        }
        return found;
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
                var run = _allocator.Allocate(end - i);
                var slice = blocks.Slice(i * Ext4Geometry.BlockSize, (int)run.Count * Ext4Geometry.BlockSize);
                await _writer.WriteAsync(run.Start, slice, cancellationToken).ConfigureAwait(false);
                Extent.Append(content.Extents, logical + i, run.Start, run.Count);
                i += (int)run.Count;
            }
        }
    }

    private static bool IsZero(ReadOnlyMemory<byte> blocks, int index) =>
        blocks.Span.Slice(index * Ext4Geometry.BlockSize, Ext4Geometry.BlockSize).IndexOfAnyExcept((byte)0) < 0;

    private async ValueTask WritePaddedAsync(long block, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        int whole = data.Length / Ext4Geometry.BlockSize * Ext4Geometry.BlockSize;
        await _writer.WriteAsync(block, data[..whole], cancellationToken).ConfigureAwait(false);
        if (whole < data.Length)
        {
            await _writer.WriteAsync(block + whole / Ext4Geometry.BlockSize, PadTail(data[whole..]), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    // The last partial block, zero-padded in a reused buffer (the writer copies it before returning).
    private byte[] PadTail(ReadOnlyMemory<byte> tail)
    {
        Array.Clear(_tail);
        tail.Span.CopyTo(_tail);
        return _tail;
    }

    private Ext4Content NewContent(long length)
    {
        if (length is < 0 or > MaxFileBytes)
        {
            throw new D2lException(FailureKind.BadInput, $"a file of {length} bytes is larger than ext4 can hold");
        }
        var content = new Ext4Content(length, pinned: false);
        _contents.Add(content);
        return content;
    }

    private static Ext4Content Own(FileContent content) =>
        content as Ext4Content ?? throw new ArgumentException("the content was not stored by this ext4 builder", nameof(content));

    private Exception Full(long highWater) => _options.SizeBytes is { } size
        ? new FilesystemFullException(size, highWater * Ext4Geometry.BlockSize)
        : new D2lException(FailureKind.BadInput,
            $"the image's content exceeds {_options.MaxSizeBytes >> 20} MiB, the largest filesystem allowed");
}
