using Microsoft.Win32.SafeHandles;

namespace DockerToLinux.Disks.Sparse;

/// <summary>Whole reads from a file handle, the way every format reader and writer needs them.</summary>
internal static class FileIo
{
    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; bytes past the end of the file read as zeros.</summary>
    public static async ValueTask ReadFullyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int read = await RandomAccess.ReadAsync(handle, buffer[done..], offset + done, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                buffer.Span[done..].Clear();
                return;
            }
            done += read;
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes at <paramref name="offset"/> into a new array.</summary>
    public static async ValueTask<byte[]> ReadAsync(SafeFileHandle handle, long offset, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await ReadFullyAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <summary>Reads a format's table or header, which must lie wholly inside the file.</summary>
    /// <exception cref="InvalidDataException">The structure lies (partly) beyond the end of the file.</exception>
    public static ValueTask<byte[]> ReadStructureAsync(SafeFileHandle handle, long offset, int count, string what, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset + count > RandomAccess.GetLength(handle))
        {
            throw new InvalidDataException($"the {what} lies beyond the end of the file (truncated or damaged)");
        }
        return ReadAsync(handle, offset, count, cancellationToken);
    }
}
