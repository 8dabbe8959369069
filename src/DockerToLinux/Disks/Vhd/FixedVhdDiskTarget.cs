namespace DockerToLinux.Disks.Vhd;

/// <summary>
/// A fixed VHD: a sparse raw disk rounded up to a whole MiB (what Azure requires) followed by the footer.
/// QEMU sees such a file as raw unless told <c>-f vpc</c>.
/// </summary>
public sealed class FixedVhdDiskTarget : IDiskTarget
{
    private readonly string _path;
    private readonly DiskStamp _stamp;
    private readonly RawDiskTarget _raw;
    private bool _rawOpen = true;

    /// <summary>Creates (truncating) the file.</summary>
    public FixedVhdDiskTarget(string path, DiskStamp stamp)
    {
        _path = path;
        _stamp = stamp;
        _raw = new RawDiskTarget(path);
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _raw.WriteAsync(offset, data, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        _raw.ReadAsync(offset, buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken) =>
        _raw.ZeroAsync(offset, length, cancellationToken);

    /// <inheritdoc />
    public async ValueTask CompleteAsync(long size, CancellationToken cancellationToken)
    {
        long rounded = (size + Units.MiB - 1) / Units.MiB * Units.MiB;
        await _raw.CompleteAsync(rounded, cancellationToken).ConfigureAwait(false);
        await _raw.DisposeAsync().ConfigureAwait(false);
        _rawOpen = false;
        var footer = new VhdFooter(ulong.MaxValue, VhdFooter.TimestampOf(_stamp.Time), rounded, VhdFooter.Fixed, _stamp.Uuid);
        using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Write);
        await RandomAccess.WriteAsync(handle, footer.Encode(), rounded, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _rawOpen ? _raw.DisposeAsync() : ValueTask.CompletedTask;
}
