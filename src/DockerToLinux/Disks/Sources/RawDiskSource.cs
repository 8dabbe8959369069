using DockerToLinux.Disks.Sparse;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>A raw image, or the data part of a fixed VHD: the virtual disk is the file's first <c>size</c> bytes.</summary>
public sealed class RawDiskSource(SafeFileHandle handle, long size, string description)
    : BlockMappedSource(handle, size, Units.MiB, description)
{
    /// <inheritdoc />
    protected override async ValueTask<bool> ReadBlockAsync(long block, int inner, Memory<byte> piece, CancellationToken cancellationToken)
    {
        await FileIo.ReadFullyAsync(Handle, piece, block * BlockSize + inner, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
