namespace DockerToLinux.Disks;

/// <summary>
/// A window onto another target starting at a fixed offset: a partition as its filesystem sees it. Offsets
/// are relative to the window's start; <see cref="CompleteAsync"/> does nothing, since the disk owns the size.
/// </summary>
internal sealed class SliceTarget(IDiskTarget disk, long start) : IDiskTarget
{
    /// <summary>The byte offset of the window in the disk.</summary>
    public long Start { get; } = start;

    /// <inheritdoc />
    public bool AcceptsConcurrentWrites => disk.AcceptsConcurrentWrites;

    /// <inheritdoc />
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        disk.WriteAsync(Start + offset, data, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        disk.ReadAsync(Start + offset, buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken) =>
        disk.ZeroAsync(Start + offset, length, cancellationToken);

    /// <inheritdoc />
    public ValueTask CompleteAsync(long size, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
