namespace DockerToLinux.Disks.Sources;

/// <summary>A disk image opened for reading, whatever its container format: the virtual disk's bytes.</summary>
internal interface IDiskSource : IAsyncDisposable
{
    /// <summary>The virtual size in bytes.</summary>
    long Size { get; }

    /// <summary>What the file was recognised as, for messages.</summary>
    string Description { get; }

    /// <summary>
    /// Reads <c>buffer.Length</c> bytes at a virtual offset (within <see cref="Size"/>). Returns false when the
    /// format says the whole range is unallocated or zero, so a copy can skip it without looking at the bytes.
    /// </summary>
    ValueTask<bool> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);
}
