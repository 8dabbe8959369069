using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks;

/// <summary>
/// Turns a range of a file back into a hole (Linux <c>fallocate</c> with <c>FALLOC_FL_PUNCH_HOLE</c>): the
/// range then reads as zeros and takes no space, at the cost of one system call instead of writing zeros.
/// Data of files deleted by a later layer is removed this way.
/// </summary>
internal static partial class HolePuncher
{
    private const int KeepSize = 0x01;
    private const int PunchHole = 0x02;

    /// <summary>Punches the hole; false where the system or the filesystem cannot (then write zeros).</summary>
    public static bool TryPunch(SafeFileHandle handle, long offset, long length) =>
        OperatingSystem.IsLinux() && length > 0 && Fallocate(handle, PunchHole | KeepSize, offset, length) == 0;

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(SafeFileHandle handle, int mode, long offset, long length);
}
