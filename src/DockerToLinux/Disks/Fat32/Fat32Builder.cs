using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Disks.Fat32;

/// <summary>
/// Writes a FAT32 volume (an EFI System Partition) into a target: file data goes to its clusters as it is
/// added, in one contiguous run per file; directories, both FAT copies, the boot sectors and FSInfo are
/// written by <see cref="FinishAsync"/>, once every name is known.
/// </summary>
public sealed class Fat32Builder
{
    private const uint EndOfChain = 0x0FFFFFFF;
    private const uint RootCluster = 2;

    private readonly IDiskTarget _target;
    private readonly Fat32Geometry _geometry;
    private readonly long _hiddenSectors;
    private readonly uint _volumeId;
    private readonly byte[] _label;
    private readonly DateTime _time;
    private readonly uint[] _fat;
    private readonly FatNode _root = new(string.Empty, isDirectory: true) { FirstCluster = RootCluster };
    private uint _nextCluster = RootCluster + 1;
    private bool _finished;

    /// <summary>Starts a volume of <paramref name="sizeBytes"/> at the start of <paramref name="target"/>.</summary>
    /// <param name="target">The partition.</param>
    /// <param name="sizeBytes">The partition's size.</param>
    /// <param name="hiddenSectors">The partition's first LBA on the disk, recorded in the boot sector.</param>
    /// <param name="volumeId">The volume serial number (a fixed value keeps builds reproducible).</param>
    /// <param name="label">Up to 11 characters: upper-case letters, digits, spaces, <c>-</c> or <c>_</c>.</param>
    /// <param name="time">The time stamp of every entry.</param>
    public Fat32Builder(IDiskTarget target, long sizeBytes, long hiddenSectors, uint volumeId, string label, DateTimeOffset time)
    {
        if (label.Length is < 1 or > 11 || !label.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is ' ' or '-' or '_'))
        {
            throw new ArgumentException($"'{label}' is not a FAT volume label (1–11 of A–Z 0–9 space - _)", nameof(label));
        }
        _target = target;
        _geometry = Fat32Geometry.For(sizeBytes);
        _hiddenSectors = hiddenSectors;
        _volumeId = volumeId;
        _label = Encoding.ASCII.GetBytes(label.PadRight(11));
        _time = time.UtcDateTime;
        _fat = new uint[_geometry.Clusters + 2];
        _fat[0] = 0x0FFFFFF8;
        _fat[1] = EndOfChain;
        _fat[RootCluster] = EndOfChain;
    }

    /// <summary>The volume's geometry.</summary>
    public Fat32Geometry Geometry => _geometry;

    /// <summary>Bytes still free for file data (directories need a few clusters more).</summary>
    public long FreeBytes => (_geometry.Clusters + 2 - _nextCluster) * (long)_geometry.ClusterBytes;

    /// <summary>Creates a directory and its parents; an existing directory is left as it is.</summary>
    /// <param name="path">Slash-separated, from the volume root, such as <c>EFI/BOOT</c>.</param>
    public void AddDirectory(string path) => Directory(path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Writes a file, creating its directories.</summary>
    /// <param name="path">Slash-separated, from the volume root, such as <c>EFI/BOOT/BOOTX64.EFI</c>.</param>
    /// <param name="content">Exactly <paramref name="length"/> bytes are read from here.</param>
    /// <param name="length">The file's size (below 4 GiB).</param>
    /// <param name="cancellationToken">Cancels writing.</param>
    /// <exception cref="IOException">The volume is full.</exception>
    public async Task AddFileAsync(string path, Stream content, long length, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || length is < 0 or > uint.MaxValue)
        {
            throw new ArgumentException($"cannot store '{path}' ({length} bytes) on FAT32", nameof(path));
        }
        var parent = Directory(parts[..^1]);
        if (parent.Children.Any(c => c.Name.Equals(parts[^1], StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"'{path}' already exists (FAT names ignore case)", nameof(path));
        }
        var node = new FatNode(parts[^1], isDirectory: false) { Size = (uint)length };
        node.FirstCluster = Allocate(length);
        long offset = _geometry.ClusterOffset(node.FirstCluster);
        var buffer = new byte[Units.MiB];
        for (long done = 0; done < length;)
        {
            int count = (int)Math.Min(buffer.Length, length - done);
            await content.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            await _target.WriteAsync(offset + done, buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            done += count;
        }
        parent.Children.Add(node);
    }

    /// <summary>Writes the file bytes in memory (configuration files).</summary>
    /// <inheritdoc cref="AddFileAsync(string, Stream, long, CancellationToken)"/>
    public Task AddFileAsync(string path, byte[] content, CancellationToken cancellationToken) =>
        AddFileAsync(path, new MemoryStream(content, writable: false), content.Length, cancellationToken);

    /// <summary>Writes the directories, the FATs, the boot sectors and FSInfo. Nothing can be added afterwards.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        await WriteDirectoryAsync(_root, null, cancellationToken).ConfigureAwait(false);

        var fatBytes = new byte[_geometry.FatSectors * Fat32Geometry.BytesPerSector];
        for (int i = 0; i < _fat.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fatBytes.AsSpan(i * 4), _fat[i]);
        }
        for (int copy = 0; copy < Fat32Geometry.FatCount; copy++)
        {
            long at = (Fat32Geometry.ReservedSectors + copy * _geometry.FatSectors) * Fat32Geometry.BytesPerSector;
            await _target.WriteAsync(at, fatBytes, cancellationToken).ConfigureAwait(false);
        }

        var reserved = new byte[Fat32Geometry.ReservedSectors * Fat32Geometry.BytesPerSector];
        var bootSector = Fat32BootSector.Build(_geometry, _hiddenSectors, _volumeId, _label);
        var fsInfo = Fat32BootSector.BuildFsInfo(_geometry.Clusters + 2 - _nextCluster, _nextCluster);
        foreach (int first in new[] { 0, 6 })
        {
            bootSector.CopyTo(reserved, first * Fat32Geometry.BytesPerSector);
            fsInfo.CopyTo(reserved, (first + 1) * Fat32Geometry.BytesPerSector);
        }
        await _target.WriteAsync(0, reserved, cancellationToken).ConfigureAwait(false);
    }

    // Children first, so each directory's entries carry its subdirectories' clusters. A subdirectory gets
    // a contiguous run sized from an upper bound of its entries; the root owns cluster 2 and, if its entries
    // need more, continues in a run allocated now.
    private async Task WriteDirectoryAsync(FatNode directory, uint? parentCluster, CancellationToken cancellationToken)
    {
        foreach (var child in directory.Children.Where(c => c.IsDirectory))
        {
            child.FirstCluster = Allocate(EstimateBytes(child));
        }
        var bytes = FatDirectoryEncoder.Encode(directory, parentCluster, _label, _time);
        int clusterBytes = _geometry.ClusterBytes;
        if (directory == _root)
        {
            long clusters = Math.Max(1, (bytes.Length + clusterBytes - 1) / clusterBytes);
            var padded = new byte[clusters * clusterBytes];
            bytes.CopyTo(padded, 0);
            await _target.WriteAsync(_geometry.ClusterOffset(RootCluster), padded.AsMemory(0, clusterBytes), cancellationToken).ConfigureAwait(false);
            if (clusters > 1)
            {
                uint rest = Allocate(padded.Length - clusterBytes);
                _fat[RootCluster] = rest;
                await _target.WriteAsync(_geometry.ClusterOffset(rest), padded.AsMemory(clusterBytes), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var padded = new byte[RoundToClusters(EstimateBytes(directory))];
            bytes.CopyTo(padded, 0);
            await _target.WriteAsync(_geometry.ClusterOffset(directory.FirstCluster), padded, cancellationToken).ConfigureAwait(false);
        }
        foreach (var child in directory.Children.Where(c => c.IsDirectory))
        {
            await WriteDirectoryAsync(child, directory == _root ? 0 : directory.FirstCluster, cancellationToken).ConfigureAwait(false);
        }
    }

    private long RoundToClusters(long bytes) => (bytes + _geometry.ClusterBytes - 1) / _geometry.ClusterBytes * _geometry.ClusterBytes;

    // Two dot entries, plus per child at most 20 long-name entries and its short entry.
    private static long EstimateBytes(FatNode directory) =>
        32L * (2 + directory.Children.Sum(c => 1 + (c.Name.Length + 12) / 13));

    private uint Allocate(long bytes)
    {
        if (bytes == 0)
        {
            return 0;
        }
        long count = (bytes + _geometry.ClusterBytes - 1) / _geometry.ClusterBytes;
        if (_nextCluster + count > _geometry.Clusters + 2)
        {
            throw new IOException($"the FAT volume is full: {bytes} bytes do not fit in the {FreeBytes} left");
        }
        uint first = _nextCluster;
        for (uint c = first; c < first + count - 1; c++)
        {
            _fat[c] = c + 1;
        }
        _fat[first + count - 1] = EndOfChain;
        _nextCluster += (uint)count;
        return first;
    }

    private FatNode Directory(IEnumerable<string> parts)
    {
        var current = _root;
        foreach (string part in parts)
        {
            var next = current.Children.FirstOrDefault(c => c.Name.Equals(part, StringComparison.OrdinalIgnoreCase));
            if (next is null)
            {
                next = new FatNode(part, isDirectory: true);
                current.Children.Add(next);
            }
            else if (!next.IsDirectory)
            {
                throw new ArgumentException($"'{part}' is a file, not a directory");
            }
            current = next;
        }
        return current;
    }
}
