namespace DockerToLinux.Disks;

/// <summary>
/// A disk being written: random-access bytes at virtual offsets, with everything never written reading as
/// zeros. Raw images are sparse files; VDI, qcow2, VMDK and VHD writers store only the blocks that are
/// written. The size is decided at the end, by <see cref="CompleteAsync"/>.
/// </summary>
internal interface IDiskTarget : IAsyncDisposable
{
    /// <summary>
    /// True when writes at different offsets may run at the same time and the result does not depend on their
    /// order (a raw file). Formats that place blocks in the order they are first written say false.
    /// </summary>
    bool AcceptsConcurrentWrites => false;

    /// <summary>Writes bytes at a virtual offset.</summary>
    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Reads exactly <c>buffer.Length</c> bytes at a virtual offset; unwritten bytes read as zeros.</summary>
    ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Makes a range read as zeros again (a deleted file's blocks), freeing storage where it can.</summary>
    ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken);

    /// <summary>Fixes the virtual size and writes whatever the format keeps at the end (tables, footers).</summary>
    ValueTask CompleteAsync(long size, CancellationToken cancellationToken);
}
