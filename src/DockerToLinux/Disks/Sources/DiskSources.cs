using DockerToLinux.Disks.Qcow2;
using DockerToLinux.Disks.Sparse;
using DockerToLinux.Disks.Vdi;
using DockerToLinux.Disks.Vhd;
using DockerToLinux.Disks.Vmdk;

namespace DockerToLinux.Disks.Sources;

/// <summary>Opens a disk image for reading, recognising its format by content, not by name.</summary>
public static class DiskSources
{
    /// <summary>
    /// Opens <paramref name="path"/> as qcow2, VDI, sparse VMDK or VHD when its magic numbers say so, and as
    /// raw otherwise.
    /// </summary>
    /// <exception cref="D2lException">The file is missing, unreadable, or a format variant d2l does not read.</exception>
    public static async ValueTask<IDiskSource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
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

    private static async ValueTask<IDiskSource> RecogniseAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, CancellationToken cancellationToken)
    {
        long length = RandomAccess.GetLength(handle);
        var first = await FileIo.ReadAsync(handle, 0, 512, cancellationToken).ConfigureAwait(false);
        if (Qcow2Header.TryDecode(first) is { } qcow2)
        {
            return await Qcow2DiskSource.OpenAsync(handle, qcow2, cancellationToken).ConfigureAwait(false);
        }
        if (VdiHeader.TryDecode(first) is { } vdi)
        {
            return await VdiDiskSource.OpenAsync(handle, vdi, cancellationToken).ConfigureAwait(false);
        }
        if (VmdkHeader.TryDecode(first) is { } vmdk)
        {
            return await VmdkDiskSource.OpenAsync(handle, vmdk, cancellationToken).ConfigureAwait(false);
        }
        if (length >= 512)
        {
            // The footer at the end is authoritative; a dynamic disk's copy at 0 covers a truncated tail.
            var last = await FileIo.ReadAsync(handle, length - 512, 512, cancellationToken).ConfigureAwait(false);
            if (VhdFooter.TryDecode(last) is { } footer)
            {
                return await VhdDiskSource.OpenAsync(handle, footer, length - 512, cancellationToken).ConfigureAwait(false);
            }
            if (VhdFooter.TryDecode(first) is { } copy)
            {
                return await VhdDiskSource.OpenAsync(handle, copy, length, cancellationToken).ConfigureAwait(false);
            }
        }
        return new RawDiskSource(handle, length, "raw");
    }
}
