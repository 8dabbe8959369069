using System.Collections.ObjectModel;
using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace DockerToLinux.RootFs;

/// <summary>
/// Reads a layer tar front to back with <see cref="TarReader"/>, adding what it does not give exactly:
/// binary PAX xattr values (recovered from the raw header bytes), nanosecond PAX mtimes and PAX ids above
/// the int range. Malformed tars (bad checksums, truncation, bad numbers) become one-line bad-input errors.
/// </summary>
internal sealed class LayerTarReader : IAsyncDisposable
{
    private const string XattrPrefix = "SCHILY.xattr.";
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs = ReadOnlyDictionary<string, byte[]>.Empty;
    private readonly RecordingStream _stream;
    private readonly TarReader _reader;
    private readonly string _layer;
    private TarEntry? _previous;

    /// <param name="tar">The uncompressed layer; not disposed by the reader.</param>
    /// <param name="layer">The layer's name for messages.</param>
    public LayerTarReader(Stream tar, string layer)
    {
        _stream = new RecordingStream(tar);
        _reader = new TarReader(_stream, leaveOpen: true);
        _layer = layer;
    }

    /// <summary>The next entry (global PAX headers are skipped), or null at the end of the archive.</summary>
    public async Task<LayerTarEntry?> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // Consume the previous entry's data here, so the recording below holds only padding and headers.
                long padding = 0;
                if (_previous is not null)
                {
                    if (_previous.DataStream is { } data)
                    {
                        await data.CopyToAsync(Stream.Null, cancellationToken);
                    }
                    padding = (TarHeader.Size - _previous.Length % TarHeader.Size) % TarHeader.Size;
                }
                _stream.StartRecording();
                var entry = await _reader.GetNextEntryAsync(copyData: false, cancellationToken);
                var raw = _stream.StopRecording();
                _previous = entry;
                if (entry is null)
                {
                    return null;
                }
                if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }
                return Decode(entry, raw, (int)padding);
            }
        }
        // TarReader reports a metadata entry (PAX, GNU long name) whose size field exceeds its limit with
        // InvalidOperationException, and GNU sparse entries with NotSupportedException; in this block every
        // exception comes from reading the archive.
        catch (Exception error) when (error is InvalidDataException or EndOfStreamException or FormatException
            or ArgumentException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            throw D2lException.BadInput(_layer, $"not a valid tar ({error.Message})", error);
        }
    }

    /// <summary>Reads what is left after the end-of-archive marker, so the layer's digest is checked at its end.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken) =>
        await _stream.CopyToAsync(Stream.Null, cancellationToken);

    private LayerTarEntry Decode(TarEntry entry, ReadOnlyMemory<byte> raw, int padding)
    {
        var pax = entry is PaxTarEntry paxEntry ? paxEntry.ExtendedAttributes : null;
        IReadOnlyDictionary<string, byte[]> xattrs = NoXattrs;
        // TarReader does not check header checksums; the raw headers let us refuse corrupt ones as tar does.
        var records = _stream.Overflowed ? null : FindHeaders(raw.Span, padding);
        if (records is null && !_stream.Overflowed && raw.Length >= TarHeader.Size + padding)
        {
            throw D2lException.BadInput(_layer, $"'{entry.Name}': bad tar header checksum");
        }
        if (pax is not null && pax.Keys.Any(key => key.StartsWith(XattrPrefix, StringComparison.Ordinal)))
        {
            var found = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            xattrs = found;
            foreach (var (key, text) in pax.Where(pair => pair.Key.StartsWith(XattrPrefix, StringComparison.Ordinal)))
            {
                // Without the raw record (header over 1 MiB), UTF-8 text is the best the reader can give.
                found[key[XattrPrefix.Length..]] = records?.GetValueOrDefault(key) ?? Encoding.UTF8.GetBytes(text);
            }
        }
        NodeKind? kind = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => NodeKind.RegularFile,
            TarEntryType.Directory => NodeKind.Directory,
            TarEntryType.SymbolicLink => NodeKind.Symlink,
            TarEntryType.CharacterDevice => NodeKind.CharacterDevice,
            TarEntryType.BlockDevice => NodeKind.BlockDevice,
            TarEntryType.Fifo => NodeKind.Fifo,
            TarEntryType.HardLink => null,
            _ => throw D2lException.BadInput(_layer, $"'{entry.Name}': unsupported tar entry type '{(char)entry.EntryType}'"),
        };
        var posix = entry as PosixTarEntry;
        return new LayerTarEntry(
            entry.Name,
            kind,
            entry.EntryType == TarEntryType.HardLink,
            (int)entry.Mode & 0xFFF,
            LongFromPax(pax, "uid") ?? entry.Uid,
            LongFromPax(pax, "gid") ?? entry.Gid,
            TimeFromPax(pax) ?? FsTimestamp.FromDateTimeOffset(entry.ModificationTime),
            entry.LinkName,
            posix?.DeviceMajor ?? 0,
            posix?.DeviceMinor ?? 0,
            xattrs,
            entry.Length,
            entry.DataStream);
    }

    // The recording normally starts with the previous entry's padding; if the reader consumed it earlier,
    // the headers start sooner, so every offset before the expected one is tried.
    private static Dictionary<string, byte[]>? FindHeaders(ReadOnlySpan<byte> raw, int padding)
    {
        for (int start = padding; start >= 0; start--)
        {
            if (RawPaxRecords.Parse(raw, start) is { } records)
            {
                return records;
            }
        }
        return null;
    }

    private static long? LongFromPax(IReadOnlyDictionary<string, string>? pax, string key) =>
        pax is not null && pax.TryGetValue(key, out string? text)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

    // PAX mtime is decimal seconds with an optional fraction, possibly negative: "-1.5" is 1.5 s before 1970.
    private static FsTimestamp? TimeFromPax(IReadOnlyDictionary<string, string>? pax)
    {
        if (pax is null || !pax.TryGetValue("mtime", out string? text) || text.Length == 0)
        {
            return null;
        }
        bool negative = text[0] == '-';
        string body = negative ? text[1..] : text;
        int dot = body.IndexOf('.');
        string whole = dot < 0 ? body : body[..dot];
        string fraction = dot < 0 ? string.Empty : body[(dot + 1)..];
        if (!long.TryParse(whole.Length == 0 ? "0" : whole, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || !fraction.All(char.IsAsciiDigit))
        {
            return null;
        }
        int nanoseconds = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        if (negative && nanoseconds > 0)
        {
            return new FsTimestamp(-seconds - 1, 1_000_000_000 - nanoseconds);
        }
        return new FsTimestamp(negative ? -seconds : seconds, nanoseconds);
    }

    public async ValueTask DisposeAsync() => await _reader.DisposeAsync();
}
