namespace DockerToLinux.Images;

/// <summary>
/// A layout inside a tar archive (oci-archive, docker-archive). The archive's headers are read once to
/// learn where each file's bytes are. An uncompressed archive is then read in place, each file a window onto
/// it. A compressed one (<c>docker save | gzip</c>, xz, zstd, bzip2) cannot be seeked and is never written out
/// uncompressed: the indexing pass keeps the small files and every file's ends, and each layer is read by
/// decompressing the archive again up to it (<see cref="ArchiveMemberStream"/>).
/// </summary>
internal sealed class TarArchiveBlobStore : IBlobStore
{
    private readonly string _file;
    private readonly CompressionKind _compression;
    private readonly IReadOnlyDictionary<string, ArchiveMember> _files;

    private TarArchiveBlobStore(string file, string description, CompressionKind compression, IReadOnlyDictionary<string, ArchiveMember> files)
    {
        _file = file;
        Description = description;
        _compression = compression;
        _files = files;
    }

    public string Description { get; }

    /// <summary>The paths of the regular files in the archive.</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>Indexes the archive at <paramref name="path"/>, named <paramref name="description"/> in messages.</summary>
    public static async Task<TarArchiveBlobStore> OpenAsync(string path, string description, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw D2lException.BadInput(description, Directory.Exists(path) ? "is a folder, not an archive" : "no such file");
        }
        if (info.Length == 0)
        {
            throw D2lException.BadInput(description, "empty file");
        }
        var head = new byte[Compression.MagicLength];
        await using (var probe = File.OpenRead(path))
        {
            await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }
        var kind = Compression.Detect(head);
        return new TarArchiveBlobStore(path, description, kind, await TarArchiveIndex.ReadAsync(path, kind, description, cancellationToken));
    }

    public long? GetLength(string path) => _files.TryGetValue(TarArchiveIndex.Normalize(path), out var member) ? member.Length : null;

    public Stream Open(string path)
    {
        var member = Find(path);
        if (member.Content is not null)
        {
            return new MemoryStream(member.Content, writable: false);
        }
        if (_compression != CompressionKind.None)
        {
            return new ArchiveMemberStream(_file, _compression, member);
        }
        var file = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        return new SubStream(file, member.Offset, member.Length);
    }

    /// <summary>Serves a compressed archive's file ends from the index, without another decompression pass.</summary>
    public Task<(byte[] Head, byte[] Tail)> ReadEndsAsync(string path, int headLength, int tailLength, CancellationToken cancellationToken)
    {
        var member = Find(path);
        if (member.Head is null)
        {
            return IBlobStore.ReadEndsByOpeningAsync(this, path, headLength, tailLength, cancellationToken);
        }
        // The index keeps more than a probe asks for; a kept file's ends come from its content.
        var head = member.Content ?? member.Head;
        var tail = member.Content ?? member.Tail ?? [];
        return Task.FromResult((head[..Math.Min(headLength, head.Length)], tail[Math.Max(0, tail.Length - tailLength)..]));
    }

    private ArchiveMember Find(string path) =>
        _files.TryGetValue(TarArchiveIndex.Normalize(path), out var member)
            ? member
            : throw D2lException.BadInput(Description, $"'{path}' is not in the archive");

    public void Dispose()
    {
    }
}
