using System.Formats.Tar;

namespace DockerToLinux.Images;

/// <summary>
/// A layout inside a tar archive (oci-archive, docker-archive). The archive's headers are read once,
/// skipping the data, to learn where each file's bytes are; each file is then read as a window onto the
/// archive. A compressed archive (for example <c>docker save | gzip</c>) cannot be seeked, so it is first
/// decompressed once into a temporary file that is deleted when the store is disposed.
/// </summary>
internal sealed class TarArchiveBlobStore : IBlobStore
{
    private readonly string _file;
    private readonly bool _temporary;
    private readonly Dictionary<string, (long Offset, long Length)> _files;

    private TarArchiveBlobStore(string description, string file, bool temporary, Dictionary<string, (long, long)> files)
    {
        Description = description;
        _file = file;
        _temporary = temporary;
        _files = files;
    }

    public string Description { get; }

    /// <summary>The paths of the regular files in the archive.</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>Indexes the archive at <paramref name="path"/>.</summary>
    public static async Task<TarArchiveBlobStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw D2lException.BadInput(path, Directory.Exists(path) ? "is a folder, not an archive" : "no such file");
        }
        if (info.Length == 0)
        {
            throw D2lException.BadInput(path, "empty file");
        }
        var head = new byte[Compression.MagicLength];
        await using (var probe = File.OpenRead(path))
        {
            await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }
        var kind = Compression.Detect(head);
        if (kind == CompressionKind.None)
        {
            return new TarArchiveBlobStore(path, path, temporary: false, await IndexAsync(path, path, cancellationToken));
        }
        string spool = Path.Combine(Path.GetTempPath(), $"d2l-archive-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var source = Compression.Decompress(File.OpenRead(path), kind))
            await using (var target = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(target, cancellationToken);
            }
            return new TarArchiveBlobStore(path, spool, temporary: true, await IndexAsync(path, spool, cancellationToken));
        }
        catch (Exception error) when (error is InvalidDataException or IOException or FormatException && error is not D2lException)
        {
            File.Delete(spool);
            throw D2lException.BadInput(path, $"cannot decompress the archive ({error.Message})", error);
        }
        catch
        {
            File.Delete(spool);
            throw;
        }
    }

    private static async Task<Dictionary<string, (long, long)>> IndexAsync(string input, string file, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var links = new List<(string Name, string Target)>();
        await using var stream = File.OpenRead(file);
        long fileLength = stream.Length;
        try
        {
            await using var reader = new TarReader(stream, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                string name = Normalize(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (entry.DataOffset + entry.Length > fileLength)
                        {
                            throw D2lException.BadInput(input, $"truncated archive ('{name}' runs past the end)");
                        }
                        files[name] = (entry.DataOffset, entry.Length);
                        break;
                    case TarEntryType.SymbolicLink:
                        // docker save shares identical layers between images with symlinks.
                        links.Add((name, Normalize(Path.Combine(Path.GetDirectoryName(name) ?? string.Empty, entry.LinkName))));
                        break;
                    case TarEntryType.HardLink:
                        links.Add((name, Normalize(entry.LinkName)));
                        break;
                }
            }
        }
        catch (Exception error) when (error is InvalidDataException or EndOfStreamException or FormatException or ArgumentException
            or OverflowException or InvalidOperationException or NotSupportedException)
        {
            throw D2lException.BadInput(input, $"not a readable tar archive ({error.Message})", error);
        }
        foreach (var (name, target) in links)
        {
            if (files.TryGetValue(target, out var place))
            {
                files[name] = place;
            }
        }
        if (files.Count == 0)
        {
            throw D2lException.BadInput(input, "not an image archive (no files in it)");
        }
        return files;
    }

    // "./blobs/sha256/x" and "blobs/sha256/x" name the same file; ".." is resolved textually.
    private static string Normalize(string name)
    {
        var stack = new List<string>();
        foreach (string part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            }
            else if (part != ".")
            {
                stack.Add(part);
            }
        }
        return string.Join('/', stack);
    }

    public long? GetLength(string path) => _files.TryGetValue(Normalize(path), out var place) ? place.Length : null;

    public Stream Open(string path)
    {
        if (!_files.TryGetValue(Normalize(path), out var place))
        {
            throw D2lException.BadInput(Description, $"'{path}' is not in the archive");
        }
        var file = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        return new SubStream(file, place.Offset, place.Length);
    }

    public void Dispose()
    {
        if (_temporary)
        {
            File.Delete(_file);
        }
    }
}
