using DockerToLinux.Disks.Qcow2;
using DockerToLinux.Disks.Vdi;
using DockerToLinux.Disks.Vhd;
using DockerToLinux.Disks.Vmdk;

namespace DockerToLinux.Disks;

/// <summary>Creates the <see cref="IDiskTarget"/> that writes a given format.</summary>
public static class DiskTargets
{
    /// <summary>
    /// Creates (truncating) <paramref name="path"/> as a disk of <paramref name="format"/>. Formats that keep a
    /// table before their data reserve room for <paramref name="maxVirtualSize"/> bytes, the most the disk can
    /// grow to; <paramref name="finalName"/> is the name the file will have when done (VMDK records it).
    /// </summary>
    public static IDiskTarget Create(OutputFormat format, string path, long maxVirtualSize, DiskStamp stamp, string? finalName = null)
    {
        string name = finalName ?? Path.GetFileName(path);
        return format.Format switch
        {
            DiskFormat.Raw => new RawDiskTarget(path),
            DiskFormat.Vdi => new VdiDiskTarget(path, maxVirtualSize, stamp),
            DiskFormat.Qcow2 => new Qcow2DiskTarget(path),
            DiskFormat.Vmdk when format.Vmdk == VmdkVariant.StreamOptimized => new StreamOptimizedVmdkDiskTarget(path, name, stamp),
            DiskFormat.Vmdk => new MonolithicSparseVmdkDiskTarget(path, name, stamp),
            DiskFormat.Vhd when format.Vhd == VhdVariant.Fixed => new FixedVhdDiskTarget(path, stamp),
            DiskFormat.Vhd => new DynamicVhdDiskTarget(path, maxVirtualSize, stamp),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown disk format"),
        };
    }
}
