using DockerToLinux.Disks.Ova;
using DockerToLinux.Disks.Qcow2;
using DockerToLinux.Disks.Vdi;
using DockerToLinux.Disks.Vhd;
using DockerToLinux.Disks.Vhdx;
using DockerToLinux.Disks.Vmdk;

namespace DockerToLinux.Disks;

/// <summary>Creates the <see cref="IDiskTarget"/> that writes a given format.</summary>
internal static class DiskTargets
{
    private static readonly Dictionary<DiskFormat, Writer> Writers = new()
    {
        [DiskFormat.Raw] = (path, _, _, _) => new RawDiskTarget(path),
        [DiskFormat.Vdi] = (path, maxVirtualSize, stamp, _) => new VdiDiskTarget(path, maxVirtualSize, stamp),
        [DiskFormat.Qcow2] = (path, _, _, _) => new Qcow2DiskTarget(path),
        [DiskFormat.VmdkMonolithicSparse] = (path, _, stamp, name) => new MonolithicSparseVmdkDiskTarget(path, name, stamp),
        [DiskFormat.VmdkStreamOptimized] = (path, _, stamp, name) => new StreamOptimizedVmdkDiskTarget(path, name, stamp),
        [DiskFormat.VhdDynamic] = (path, maxVirtualSize, stamp, _) => new DynamicVhdDiskTarget(path, maxVirtualSize, stamp),
        [DiskFormat.VhdFixed] = (path, _, stamp, _) => new FixedVhdDiskTarget(path, stamp),
        [DiskFormat.Vhdx] = (path, maxVirtualSize, stamp, _) => new VhdxDiskTarget(path, maxVirtualSize, stamp),
        [DiskFormat.Ova] = (path, _, stamp, name) => new OvaDiskTarget(path, name, stamp),
    };

    private delegate IDiskTarget Writer(string path, long maxVirtualSize, DiskStamp stamp, string finalName);

    /// <summary>The formats d2l writes, in the order of <see cref="DiskFormat.All"/>.</summary>
    public static IReadOnlyList<DiskFormat> Formats { get; } = [.. DiskFormat.All.Where(Writers.ContainsKey)];

    /// <summary>
    /// Creates (truncating) <paramref name="path"/> as a disk of <paramref name="format"/>. Formats that keep a
    /// table before their data reserve room for <paramref name="maxVirtualSize"/> bytes, the most the disk can
    /// grow to; <paramref name="finalName"/> is the name the file will have when done (VMDK records it).
    /// </summary>
    /// <exception cref="ArgumentException">A format d2l does not write (not one of <see cref="Formats"/>).</exception>
    public static IDiskTarget Create(DiskFormat format, string path, long maxVirtualSize, DiskStamp stamp, string? finalName = null) =>
        Writers.TryGetValue(format, out var writer)
            ? writer(path, maxVirtualSize, stamp, finalName ?? Path.GetFileName(path))
            : throw new ArgumentException($"d2l does not write {format} disks", nameof(format));
}
