using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks;

/// <summary>Opens the files disk targets write.</summary>
internal static class OutputHandle
{
    /// <summary>
    /// Opens <paramref name="path"/> for writing, empty. A new file (the usual case: a temporary name) is not
    /// truncated at all: on ext4, truncating to zero marks the file for "allocate on close", which makes the
    /// final close start writeback of every dirty page and wait on block allocation (a third of a second per
    /// gigabyte here), work the page cache would otherwise do in the background.
    /// </summary>
    public static SafeFileHandle CreateEmpty(string path)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (RandomAccess.GetLength(handle) > 0)
        {
            RandomAccess.SetLength(handle, 0);
        }
        return handle;
    }
}
