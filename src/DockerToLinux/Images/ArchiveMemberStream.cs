namespace DockerToLinux.Images;

/// <summary>
/// One file of a compressed tar archive, read without an uncompressed copy of the archive on disk: the first
/// read decompresses the archive from its start and discards everything before the file, then the file's
/// bytes are passed on. Each open costs a decompression pass up to the file's end.
/// </summary>
internal sealed class ArchiveMemberStream(string archive, CompressionKind kind, ArchiveMember member) : ForwardReadStream
{
    private const int SkipBuffer = Units.MiB;

    private Stream? _archive;
    private long _position;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_archive is null)
        {
            _archive = Compression.Decompress(File.OpenRead(archive), kind);
            var scratch = new byte[SkipBuffer];
            for (long left = member.Offset; left > 0;)
            {
                left -= Got(_archive.Read(scratch.AsSpan(0, (int)Math.Min(left, scratch.Length))));
            }
        }
        return Advance(_archive.Read(buffer[..Wanted(buffer.Length)]), buffer.Length);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_archive is null)
        {
            _archive = Compression.Decompress(new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan), kind);
            var scratch = new byte[SkipBuffer];
            for (long left = member.Offset; left > 0;)
            {
                left -= Got(await _archive.ReadAsync(scratch.AsMemory(0, (int)Math.Min(left, scratch.Length)), cancellationToken)
                    .ConfigureAwait(false));
            }
        }
        return Advance(await _archive.ReadAsync(buffer[..Wanted(buffer.Length)], cancellationToken).ConfigureAwait(false), buffer.Length);
    }

    private int Wanted(int offered) => (int)Math.Min(offered, member.Length - _position);

    // The indexing pass read the whole archive, so it cannot end early now unless the file changed since.
    private int Got(int read) => read > 0 ? read : throw new InvalidDataException("the archive ended early: did it change while being read?");

    private int Advance(int read, int offered)
    {
        if (read == 0 && offered > 0 && _position < member.Length)
        {
            Got(read);
        }
        _position += read;
        return read;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _archive?.Dispose();
        }
        base.Dispose(disposing);
    }
}
