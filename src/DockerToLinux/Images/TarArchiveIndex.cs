using System.Formats.Tar;

namespace DockerToLinux.Images;

/// <summary>
/// Reads a tar archive's headers once and records where each regular file lies (<see cref="ArchiveMember"/>),
/// with symbolic and hard links resolved to the file they name. An uncompressed archive's data is skipped
/// by seeking; a compressed one is decompressed front to back, keeping small files and every file's ends.
/// </summary>
internal static class TarArchiveIndex
{
    // Enough for a probe (a tar header block and more); the tail holds a gzip trailer.
    private const int HeadBytes = Units.KiB;
    private const int TailBytes = 8;
    // Indexes, manifests and configs are small; layers rarely are. The budget bounds memory whatever the archive.
    private const int KeptFileBytes = Units.MiB;
    private const long KeptBudget = 64L * Units.MiB;

    /// <summary>The regular files of the archive at <paramref name="path"/>, by normalised path.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="kind">Its compression.</param>
    /// <param name="input">The image as the user named it, for messages.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task<Dictionary<string, ArchiveMember>> ReadAsync(string path, CompressionKind kind, string input, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, ArchiveMember>(StringComparer.Ordinal);
        var links = new List<(string Name, string Target)>();
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.Asynchronous | (kind == CompressionKind.None ? FileOptions.None : FileOptions.SequentialScan)))
        {
            long fileLength = file.Length;
            VerifyingStream? counted = null;
            long kept = 0;
            try
            {
                // Counts the decompressed bytes: where each file's data starts in a stream that cannot tell its position.
                Stream archive = kind == CompressionKind.None ? file : counted = new VerifyingStream(Compression.Decompress(file, kind), null, null, input, "archive");
                await using var reader = new TarReader(archive, leaveOpen: true);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    string name = Normalize(entry.Name);
                    switch (entry.EntryType)
                    {
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                            if (counted is null)
                            {
                                if (entry.DataOffset + entry.Length > fileLength)
                                {
                                    throw D2lException.BadInput(input, $"truncated archive ('{name}' runs past the end)");
                                }
                                files[name] = new ArchiveMember(entry.DataOffset, entry.Length);
                            }
                            else
                            {
                                bool keep = entry.Length <= KeptFileBytes && kept + entry.Length <= KeptBudget;
                                kept += keep ? entry.Length : 0;
                                files[name] = await ReadMemberAsync(entry, counted.Position, keep, cancellationToken);
                            }
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
                if (counted is not null)
                {
                    // The end of the compressed stream carries its checksum (gzip's CRC-32, xz's check, zstd's).
                    await counted.CopyToAsync(Stream.Null, cancellationToken);
                }
            }
            catch (Exception error) when (error is InvalidDataException or EndOfStreamException or FormatException or ArgumentException
                or OverflowException or InvalidOperationException or NotSupportedException)
            {
                throw D2lException.BadInput(input, kind == CompressionKind.None
                    ? $"not a readable tar archive ({error.Message})"
                    : $"not a readable {kind.ToString().ToLowerInvariant()}-compressed tar archive ({error.Message})", error);
            }
            finally
            {
                if (counted is not null)
                {
                    await counted.DisposeAsync();
                }
            }
        }
        foreach (var (name, target) in links)
        {
            if (files.TryGetValue(target, out var member))
            {
                files[name] = member;
            }
        }
        if (files.Count == 0)
        {
            throw D2lException.BadInput(input, "not an image archive (no files in it)");
        }
        return files;
    }

    private static async Task<ArchiveMember> ReadMemberAsync(TarEntry entry, long offset, bool keep, CancellationToken cancellationToken)
    {
        if (entry.DataStream is not { } data)
        {
            return new ArchiveMember(offset, 0, [], [], []);
        }
        if (keep)
        {
            var content = new byte[entry.Length];
            await data.ReadExactlyAsync(content, cancellationToken);
            return new ArchiveMember(offset, entry.Length, content);
        }
        var head = new byte[Math.Min(HeadBytes, entry.Length)];
        await data.ReadExactlyAsync(head, cancellationToken);
        // Reading on to the end is what moving to the next entry would do anyway; the last bytes read are the tail.
        var tail = head[Math.Max(0, head.Length - TailBytes)..];
        var buffer = new byte[Units.MiB];
        int read;
        long left = entry.Length - head.Length;
        while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
        {
            left -= read;
            tail = read >= TailBytes ? buffer[(read - TailBytes)..read] : [.. tail[Math.Max(0, read + tail.Length - TailBytes)..], .. buffer[..read]];
        }
        if (left != 0)
        {
            throw new EndOfStreamException($"'{entry.Name}' runs past the end of the archive");
        }
        return new ArchiveMember(offset, entry.Length, Head: head, Tail: tail);
    }

    /// <summary>"./blobs/sha256/x" and "blobs/sha256/x" name the same file; ".." is resolved textually.</summary>
    public static string Normalize(string name)
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
}
