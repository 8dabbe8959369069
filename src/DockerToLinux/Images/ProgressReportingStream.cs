namespace DockerToLinux.Images;

/// <summary>
/// Passes reads through and reports how many bytes have gone by, at most once per mebibyte and once at
/// the end, so a display can draw a bar per layer without being flooded.
/// </summary>
internal sealed class ProgressReportingStream(Stream inner, IProgress<long> progress) : ForwardReadStream
{
    private const long ReportEvery = Units.MiB;

    private long _count;
    private long _reported;

    public override long Position
    {
        get => _count;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer) => Account(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Account(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Account(int read)
    {
        _count += read;
        if (_count - _reported >= ReportEvery || (read == 0 && _count != _reported))
        {
            _reported = _count;
            progress.Report(_count);
        }
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
