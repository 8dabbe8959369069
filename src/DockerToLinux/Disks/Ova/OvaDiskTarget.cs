using System.Buffers.Binary;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using DockerToLinux.Disks.Gpt;
using DockerToLinux.Disks.Vmdk;

namespace DockerToLinux.Disks.Ova;

/// <summary>
/// An OVA: a tar in the OVF 1.0 package order, the descriptor (<see cref="OvfDescriptor"/>) first, then the
/// streamOptimized VMDK, then the manifest of SHA-256 digests, so importers can read it in one pass. The
/// pipeline's writes go to a <see cref="StreamOptimizedVmdkDiskTarget"/> beside the output; completing it
/// writes the VMDK, reads the disk's partition table to pick the firmware (UEFI when a GPT disk has an EFI
/// System Partition, else BIOS), and packs the tar. The files beside the output are removed.
/// </summary>
internal sealed class OvaDiskTarget : IDiskTarget
{
    private readonly string _path;
    private readonly string _vmdkPath;
    private readonly string _name;
    private readonly DiskStamp _stamp;
    private readonly StreamOptimizedVmdkDiskTarget _disk;

    /// <summary>Creates the disk beside <paramref name="path"/>; <paramref name="finalName"/> names the appliance and its files.</summary>
    public OvaDiskTarget(string path, string finalName, DiskStamp stamp)
    {
        _path = path;
        _stamp = stamp;
        string name = Path.GetFileNameWithoutExtension(finalName);
        // Tar (ustar) names hold 100 bytes: keep room for "-disk1.vmdk".
        _name = name.Length == 0 ? "d2l" : name.Length > 64 ? name[..64] : name;
        _vmdkPath = path + ".vmdk";
        _disk = new StreamOptimizedVmdkDiskTarget(_vmdkPath, DiskFile, stamp);
    }

    private string DiskFile => _name + "-disk1.vmdk";

    /// <inheritdoc />
    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _disk.WriteAsync(offset, data, cancellationToken);

    /// <inheritdoc />
    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        _disk.ReadAsync(offset, buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask ZeroAsync(long offset, long length, CancellationToken cancellationToken) =>
        _disk.ZeroAsync(offset, length, cancellationToken);

    /// <inheritdoc />
    public async ValueTask CompleteAsync(long size, CancellationToken cancellationToken)
    {
        var firmware = await FirmwareAsync(cancellationToken).ConfigureAwait(false);
        await _disk.CompleteAsync(size, cancellationToken).ConfigureAwait(false);
        long diskFileSize = new FileInfo(_vmdkPath).Length;
        var descriptor = OvfDescriptor.Encode(_name, DiskFile, diskFileSize, size, firmware);
        byte[] diskDigest;
        await using (var disk = File.OpenRead(_vmdkPath))
        {
            diskDigest = await SHA256.HashDataAsync(disk, cancellationToken).ConfigureAwait(false);
        }
        var manifest = Encoding.ASCII.GetBytes(
            $"SHA256({_name}.ovf)= {Convert.ToHexStringLower(SHA256.HashData(descriptor))}\n" +
            $"SHA256({DiskFile})= {Convert.ToHexStringLower(diskDigest)}\n");

        await using var output = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, Units.MiB, useAsync: true);
        await using var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        await tar.WriteEntryAsync(Entry(_name + ".ovf", new MemoryStream(descriptor)), cancellationToken).ConfigureAwait(false);
        await using (var disk = File.OpenRead(_vmdkPath))
        {
            await tar.WriteEntryAsync(Entry(DiskFile, disk), cancellationToken).ConfigureAwait(false);
        }
        await tar.WriteEntryAsync(Entry(_name + ".mf", new MemoryStream(manifest)), cancellationToken).ConfigureAwait(false);
    }

    private UstarTarEntry Entry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data,
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        ModificationTime = _stamp.Time,
    };

    // UEFI when the disk has a GPT (a protective MBR entry of type 0xEE) listing an EFI System Partition.
    private async ValueTask<OvfFirmware> FirmwareAsync(CancellationToken cancellationToken)
    {
        var sectors = new byte[2 * Units.SectorBytes];
        await _disk.ReadAsync(0, sectors, cancellationToken).ConfigureAwait(false);
        // The first partition entry's type byte (MBR offset 446 + 4), then the GPT header in sector 1.
        if (sectors[446 + 4] != 0xEE || !sectors.AsSpan(Units.SectorBytes).StartsWith("EFI PART"u8))
        {
            return OvfFirmware.Bios;
        }
        long entriesAt = BinaryPrimitives.ReadInt64LittleEndian(sectors.AsSpan(Units.SectorBytes + 72)) * Units.SectorBytes;
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(sectors.AsSpan(Units.SectorBytes + 80)), entrySize = BinaryPrimitives.ReadUInt32LittleEndian(sectors.AsSpan(Units.SectorBytes + 84));
        if (entrySize is < 128 or > 4096 || count > 1024)
        {
            return OvfFirmware.Bios;
        }
        var entries = new byte[count * entrySize];
        await _disk.ReadAsync(entriesAt, entries, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < count; i++)
        {
            if (new Guid(entries.AsSpan((int)(i * entrySize), 16)) == GptPartitionTypes.EfiSystem)
            {
                return OvfFirmware.Efi;
            }
        }
        return OvfFirmware.Bios;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _disk.DisposeAsync().ConfigureAwait(false);
        File.Delete(_vmdkPath);
    }
}
