namespace DockerToLinux.RootFs;

/// <summary>
/// Passes a stream through and, while asked to, keeps a copy of the bytes read (up to a limit). The tar
/// reader decodes PAX values as UTF-8 text, which mangles binary xattrs such as
/// <c>security.capability</c>; recording the raw header blocks lets <see cref="LayerTarReader"/> recover
/// the exact bytes.
/// </summary>
internal sealed class RecordingStream(Stream inner) : ForwardReadStream
{
    private const int MaxRecorded = Units.MiB;
    private readonly MemoryStream _recorded = new();
    private bool _recording;

    /// <summary>True if the last recording hit the limit and is incomplete.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Starts a new recording, dropping the previous one.</summary>
    public void StartRecording()
    {
        _recorded.SetLength(0);
        Overflowed = false;
        _recording = true;
    }

    /// <summary>Stops recording and returns what was read since <see cref="StartRecording"/>.</summary>
    public ReadOnlyMemory<byte> StopRecording()
    {
        _recording = false;
        return _recorded.GetBuffer().AsMemory(0, (int)_recorded.Length);
    }

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        Record(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Record(buffer.Span[..read]);
        return read;
    }

    private void Record(ReadOnlySpan<byte> bytes)
    {
        if (!_recording || Overflowed)
        {
            return;
        }
        if (_recorded.Length + bytes.Length > MaxRecorded)
        {
            Overflowed = true;
            return;
        }
        _recorded.Write(bytes);
    }
}
