using System.Text;
using DockerToLinux.RootFs;

namespace DockerToLinux.Kernels;

/// <summary>
/// Writes a cpio archive in the "newc" format (magic <c>070701</c>), the one format the kernel unpacks as an
/// initramfs: per entry a 110-byte header of hexadecimal fields, the name with its NUL, the data, each padded
/// to four bytes; <c>TRAILER!!!</c> ends it. Every entry is root's and carries one time, so equal input gives
/// equal bytes.
/// </summary>
internal sealed class NewcArchiveWriter(Stream output, FsTimestamp time)
{
    private const int Alignment = 4;
    private const int TypeMask = 0xF000, DirectoryType = 0x4000, RegularType = 0x8000, CharacterDeviceType = 0x2000;

    private int _nextInode = 1;

    /// <summary>Adds a directory; parents must come first, as the kernel makes nothing on the way.</summary>
    public Task AddDirectoryAsync(string path, int permissions, CancellationToken cancellationToken) =>
        WriteHeaderAsync(path, DirectoryType | permissions, 0, 0, 0, cancellationToken);

    /// <summary>Adds a character device node such as <c>/dev/console</c>.</summary>
    public Task AddCharacterDeviceAsync(string path, int permissions, int major, int minor, CancellationToken cancellationToken) =>
        WriteHeaderAsync(path, CharacterDeviceType | permissions, 0, major, minor, cancellationToken);

    /// <summary>Adds a regular file of <paramref name="length"/> bytes read from <paramref name="data"/>.</summary>
    /// <exception cref="EndOfStreamException">The data ended early.</exception>
    public async Task AddFileAsync(string path, int permissions, Stream data, long length, CancellationToken cancellationToken)
    {
        if (length > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "a newc member holds at most 4 GiB");
        }
        await WriteHeaderAsync(path, RegularType | permissions, length, 0, 0, cancellationToken).ConfigureAwait(false);
        long copied = 0;
        var buffer = new byte[81920];
        while (copied < length)
        {
            int read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - copied)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"{path} ended after {copied} of {length} bytes");
            }
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            copied += read;
        }
        await PadAsync(length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a regular file holding <paramref name="data"/>.</summary>
    public async Task AddFileAsync(string path, int permissions, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(path, RegularType | permissions, data.Length, 0, 0, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await PadAsync(data.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the trailer entry that ends the archive.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) => WriteHeaderAsync("TRAILER!!!", 0, 0, 0, 0, cancellationToken, inode: 0);

    private async Task WriteHeaderAsync(string path, int mode, long size, int rdevMajor, int rdevMinor, CancellationToken cancellationToken,
        int? inode = null)
    {
        // Names are relative to the archive's root, as the kernel's own gen_init_cpio writes them.
        string name = path.TrimStart('/');
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        bool directory = (mode & TypeMask) == DirectoryType;
        var header = new StringBuilder("070701", 110);
        foreach (long field in new long[]
                 {
                     inode ?? _nextInode++, mode, 0, 0, directory ? 2 : 1, Math.Max(0, time.Seconds), size, 0, 0,
                     rdevMajor, rdevMinor, nameBytes.Length, 0,
                 })
        {
            header.Append(((uint)field).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        }
        await output.WriteAsync(Encoding.ASCII.GetBytes(header.ToString()), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(nameBytes, cancellationToken).ConfigureAwait(false);
        await PadAsync(110 + nameBytes.Length, cancellationToken).ConfigureAwait(false);
    }

    private async Task PadAsync(long written, CancellationToken cancellationToken)
    {
        int padding = (int)((Alignment - written % Alignment) % Alignment);
        if (padding > 0)
        {
            await output.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
        }
    }
}
