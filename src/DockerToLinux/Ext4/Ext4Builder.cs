using System.Text;
using DockerToLinux.Disks;
using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>
/// Writes an ext4 filesystem onto a partition in one pass: as layers stream, file data goes straight to its
/// final blocks (this class is the flattener's <see cref="IFileContentStore"/>); <see cref="FinishAsync"/>
/// then writes directories, inodes, extent trees, xattrs, the journal, bitmaps, descriptors and superblocks.
/// Not thread-safe, except that the stores of <see cref="ReserveLayerRegions"/> may each be used by a thread of its
/// own while nothing else is.
/// </summary>
public sealed class Ext4Builder : IPinnedContentStore, IAsyncDisposable
{
    private const long MaxFileBytes = (1L << 32) * Ext4Geometry.BlockSize - Ext4Geometry.BlockSize;
    private const long LargestFilesystemBlocks = (1L << 32) - Ext4Geometry.BlocksPerGroup;

    private readonly IDiskTarget _partition;
    private readonly Ext4Options _options;
    private readonly Ext4Geometry _geometry;
    private readonly BlockAllocator _allocator;
    private readonly ContentWriter _data;
    private readonly long _limitBlocks;
    private readonly ZeroQueue _zeroQueue = new();
    private readonly List<Ext4Content> _contents = [];
    private LayerRegions? _regions;
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
            throw options.SizeBytes is null
                ? new D2lException(FailureKind.BadInput, $"the largest filesystem allowed ({requested >> 20} MiB) is too small for ext4")
                : D2lException.BadSetting(Setting.DiskSize, $"a filesystem of {requested >> 20} MiB is too small for ext4");
        }
        _allocator = new BlockAllocator(_geometry, _limitBlocks, Full);
        _data = new ContentWriter(_allocator, new BlockWriter(partition), NewContent);
    }

    /// <inheritdoc />
    public async ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        EndRegions();
        return await _data.AddAsync(source, length, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        EndRegions();
        return await _data.AddAsync(data, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<FileContent> AddPinnedAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        EndRegions();
        var content = NewContent(data.Length, pinned: true);
        long blocks = (data.Length + Ext4Geometry.BlockSize - 1) / Ext4Geometry.BlockSize;
        if (blocks == 0)
        {
            return content;
        }
        var run = _allocator.AllocateContiguous(blocks);
        await _data.WritePaddedAsync(run.Start, data, cancellationToken).ConfigureAwait(false);
        Extent.Append(content.Extents, 0, run.Start, blocks);
        return content;
    }

    /// <inheritdoc />
    public IReadOnlyList<long> GetSectors(FileContent content)
    {
        var stored = Own(content);
        const int sectorsPerBlock = Ext4Geometry.BlockSize / Units.SectorBytes;
        long sectors = Units.SectorsToHold(stored.Length);
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
        await _data.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (stored.Extents.Count > 0)
        {
            await _data.WritePaddedAsync(stored.Extents[0].Physical, data, cancellationToken).ConfigureAwait(false);
            await _data.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(FileContent content) => new ContentReadStream(Own(content), _partition, _data.Writer.FlushAsync);

    /// <inheritdoc />
    /// <remarks>The blocks are freed now and zeroed on the partition before <see cref="FinishAsync"/> writes metadata.</remarks>
    public void Release(FileContent content)
    {
        var stored = Own(content);
        lock (_contents)
        {
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
    }

    /// <summary>
    /// Gives each layer a region of its own, so that layers can be written in parallel with the same result
    /// as one after another (see <see cref="LayerRegions"/>); null when that is not worth it or does not fit.
    /// </summary>
    /// <param name="tarSizes">Each layer's uncompressed tar size, base first.</param>
    public LayerRegions? ReserveLayerRegions(IReadOnlyList<long> tarSizes)
    {
        if (_finished || _regions is not null || tarSizes.Count < 2)
        {
            return null;
        }
        _regions = LayerRegions.TryCreate(_geometry, _allocator.NextBlock, _limitBlocks, tarSizes,
            (allocator, exhausted) => new ContentWriter(allocator, new BlockWriter(_partition), NewContent, exhausted),
            Full, this);
        return _regions;
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
        EndRegions();
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
        await _data.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _zeroQueue.ZeroAsync(_partition, cancellationToken).ConfigureAwait(false);
        var finisher = new Ext4Finisher(_geometry, _allocator, _data.Writer, _options, _limitBlocks, Full);
        return await finisher.RunAsync(root, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            // An abandoned build still must not leave a released secret readable.
            await _data.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (_regions is not null)
            {
                await _regions.StopAsync().ConfigureAwait(false);
            }
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

    // Called by every content writer, from several threads when layers are written in parallel.
    private Ext4Content NewContent(long length, bool pinned)
    {
        if (length is < 0 or > MaxFileBytes)
        {
            throw new D2lException(FailureKind.BadInput, $"a file of {length} bytes is larger than ext4 can hold");
        }
        var content = new Ext4Content(length, pinned);
        lock (_contents)
        {
            _contents.Add(content);
        }
        return content;
    }

    // The layers are written: metadata and later files continue after the last block any region used.
    private void EndRegions()
    {
        if (_regions is { } regions)
        {
            if (!regions.IsComplete)
            {
                throw new InvalidOperationException("a layer is still being written into its region");
            }
            _allocator.Absorb(regions.Allocators);
            _regions = null;
        }
    }

    private static Ext4Content Own(FileContent content) =>
        content as Ext4Content ?? throw new ArgumentException("the content was not stored by this ext4 builder", nameof(content));

    private Exception Full(long highWater) => _options.SizeBytes is { } size
        ? new FilesystemFullException(size, highWater * Ext4Geometry.BlockSize)
        : new D2lException(FailureKind.BadInput,
            $"the image's content exceeds {_options.MaxSizeBytes >> 20} MiB, the largest filesystem allowed");
}
