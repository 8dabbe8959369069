using DockerToLinux.Disks.Qcow2;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vdi;
using DockerToLinux.Disks.Vhd;
using DockerToLinux.Disks.Vmdk;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sources;

/// <summary>Opens a disk image for reading, recognising its format by content, not by name.</summary>
internal static class DiskSources
{
    private const int Probe = DiskFormatDetector.ProbeLength;

    /// <summary>
    /// Opens <paramref name="path"/> as the format <see cref="DiskFormatDetector"/> recognises: qcow2, VDI,
    /// sparse VMDK, VHD, VHDX or raw.
    /// </summary>
    /// <exception cref="D2lException">
    /// The file is missing, unreadable, or a format or variant d2l does not read (a VMDK text descriptor).
    /// </exception>
    public static async ValueTask<IDiskSource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(path, $"cannot open the disk ({e.Message})", e);
        }
        try
        {
            return await RecogniseAsync(handle, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            handle.Dispose();
            throw D2lException.BadInput(path, e.Message, e);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static async ValueTask<IDiskSource> RecogniseAsync(SafeFileHandle handle, CancellationToken cancellationToken)
    {
        var format = await DiskFormatDetector.DetectAsync(handle, cancellationToken).ConfigureAwait(false);
        long length = RandomAccess.GetLength(handle);
        if (format == DiskFormat.Raw)
        {
            return new RawDiskSource(handle, length, "raw");
        }
        var head = await FileIo.ReadAsync(handle, 0, Probe, cancellationToken).ConfigureAwait(false);
        if (format == DiskFormat.Qcow2)
        {
            return await Qcow2DiskSource.OpenAsync(handle, Qcow2Header.TryDecode(head) ?? throw Truncated(format), cancellationToken).ConfigureAwait(false);
        }
        if (format == DiskFormat.Vdi)
        {
            return await VdiDiskSource.OpenAsync(handle, VdiHeader.TryDecode(head) ?? throw Truncated(format), cancellationToken).ConfigureAwait(false);
        }
        if (format == DiskFormat.VmdkMonolithicSparse || format == DiskFormat.VmdkStreamOptimized)
        {
            return await VmdkDiskSource.OpenAsync(handle, VmdkHeader.TryDecode(head) ?? throw Truncated(format), cancellationToken).ConfigureAwait(false);
        }
        if (format == DiskFormat.VhdDynamic || format == DiskFormat.VhdFixed)
        {
            var tail = await FileIo.ReadAsync(handle, length - Probe, Probe, cancellationToken).ConfigureAwait(false);
            return VhdFooter.TryDecode(tail) is { } footer
                ? await VhdDiskSource.OpenAsync(handle, footer, length - Probe, cancellationToken).ConfigureAwait(false)
                : await VhdDiskSource.OpenAsync(handle, VhdFooter.TryDecode(head) ?? throw Truncated(format), length, cancellationToken).ConfigureAwait(false);
        }
        if (format == DiskFormat.Vhdx)
        {
            return await VhdxDiskSource.OpenAsync(handle, cancellationToken).ConfigureAwait(false);
        }
        throw new InvalidDataException($"a {format} disk, which d2l does not read (QEMU boots it, qemu-img converts it)");
    }

    private static InvalidDataException Truncated(DiskFormat format) => new($"the {format} header is cut short");
}
