using DockerToLinux.RootFs;

namespace DockerToLinux.Inspect;

/// <summary>
/// A content store that keeps no bytes: it reads file data past, remembers each file's size and layer,
/// and adds a file's size to its layer's "wasted" count when a later layer removes its last name.
/// </summary>
internal sealed class CountingContentStore : IFileContentStore
{
    private readonly Dictionary<int, long> _wasted = [];
    private readonly byte[] _scratch = new byte[1 << 16];

    /// <summary>The layer whose files are being added.</summary>
    public int CurrentLayer { get; set; }

    /// <summary>Bytes of <paramref name="layer"/>'s files that later layers hid.</summary>
    public long WastedBytes(int layer) => _wasted.GetValueOrDefault(layer);

    public async ValueTask<FileContent> AddAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        for (long left = length; left > 0;)
        {
            int read = await source.ReadAsync(_scratch.AsMemory(0, (int)Math.Min(_scratch.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"file data ended {left} bytes early");
            }
            left -= read;
        }
        return new CountedContent(length, CurrentLayer);
    }

    public ValueTask<FileContent> AddAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        ValueTask.FromResult<FileContent>(new CountedContent(data.Length, CurrentLayer));

    // Inspection only needs names and sizes; nothing in it reads a file back.
    public Stream OpenRead(FileContent content) =>
        throw new InvalidOperationException("an inspection keeps no file contents");

    /// <summary>The layer that added <paramref name="content"/>, or null for content of another store.</summary>
    public static int? LayerOf(FileContent content) => content is CountedContent counted ? counted.Layer : null;

    /// <inheritdoc />
    public void Release(FileContent content)
    {
        if (content is CountedContent counted)
        {
            _wasted[counted.Layer] = WastedBytes(counted.Layer) + counted.Length;
        }
    }

    private sealed class CountedContent(long length, int layer) : FileContent
    {
        public override long Length => length;

        public int Layer => layer;
    }
}
