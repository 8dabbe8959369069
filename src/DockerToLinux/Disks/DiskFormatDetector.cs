using DockerToLinux.Disks.Qcow2;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vdi;
using DockerToLinux.Disks.Vhd;
using DockerToLinux.Disks.Vhdx;
using DockerToLinux.Disks.Vmdk;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks;

/// <summary>
/// Recognises a disk file's <see cref="DiskFormat"/> from its content, with the magic numbers of each format's
/// own header type. The name is never trusted: a renamed file still converts and boots.
/// </summary>
public static class DiskFormatDetector
{
    /// <summary>Bytes read at each end of a file: every header and footer that names a format fits in one sector.</summary>
    public const int ProbeLength = 512;

    /// <summary>Reads the start and the end of <paramref name="path"/> and names its format.</summary>
    /// <exception cref="D2lException">The file is missing or cannot be read.</exception>
    public static async ValueTask<DiskFormat> DetectAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return await DetectAsync(handle, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(path, $"cannot read the disk image ({e.Message})", e);
        }
    }

    /// <summary>Reads the start and the end of an open file and names its format.</summary>
    public static async ValueTask<DiskFormat> DetectAsync(SafeFileHandle handle, CancellationToken cancellationToken)
    {
        long length = RandomAccess.GetLength(handle);
        var head = await FileIo.ReadAsync(handle, 0, (int)Math.Min(ProbeLength, length), cancellationToken).ConfigureAwait(false);
        var tail = length >= ProbeLength
            ? await FileIo.ReadAsync(handle, length - ProbeLength, ProbeLength, cancellationToken).ConfigureAwait(false)
            : [];
        return Detect(head, tail);
    }

    /// <summary>Names the format from a file's first bytes and its last <see cref="ProbeLength"/> bytes.</summary>
    /// <param name="head">The file's first bytes (<see cref="ProbeLength"/> are enough).</param>
    /// <param name="tail">The file's last <see cref="ProbeLength"/> bytes, or empty for a smaller file.</param>
    public static DiskFormat Detect(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        if (Qcow2Header.HasMagic(head))
        {
            return DiskFormat.Qcow2;
        }
        if (VhdxFileIdentifier.HasSignature(head))
        {
            return DiskFormat.Vhdx;
        }
        if (VdiHeader.HasSignature(head))
        {
            return DiskFormat.Vdi;
        }
        if (VmdkHeader.HasMagic(head))
        {
            return VmdkHeader.TryDecode(head) is { Compressed: true } ? DiskFormat.VmdkStreamOptimized : DiskFormat.VmdkMonolithicSparse;
        }
        if (VmdkDescriptor.StartsDescriptor(head))
        {
            return DiskFormat.VmdkTextDescriptor;
        }
        // The footer at the end is authoritative; a dynamic disk also starts with a copy of it, which still
        // names a file whose tail was cut off.
        if (VhdFooter.HasCookie(tail))
        {
            return VhdFooter.TryDecode(tail) is { DiskType: VhdFooter.Fixed } ? DiskFormat.VhdFixed : DiskFormat.VhdDynamic;
        }
        return VhdFooter.HasCookie(head) ? DiskFormat.VhdDynamic : DiskFormat.Raw;
    }
}
