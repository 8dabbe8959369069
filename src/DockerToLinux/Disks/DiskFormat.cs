namespace DockerToLinux.Disks;

/// <summary>
/// A disk container format, with its variant where it has several: what a disk file is written as or was
/// recognised as, and what QEMU is told it is. The values are fixed and compared by reference. A new format
/// is one more value here plus its folder beside this file, whose types <see cref="DiskTargets"/> (writing),
/// <see cref="DiskFormatDetector"/> and <c>DiskSources</c> (reading) then name.
/// </summary>
public sealed class DiskFormat
{
    private DiskFormat(string name, string? variant, string qemuName, params string[] extensions)
    {
        Name = name;
        Variant = variant;
        QemuName = qemuName;
        Extensions = extensions;
    }

    /// <summary>The container's name as d2l spells it: <c>raw</c>, <c>vdi</c>, <c>qcow2</c>, <c>vmdk</c>, <c>vhd</c>, <c>vhdx</c>.</summary>
    public string Name { get; }

    /// <summary>Which kind of the container, for containers that have kinds (<c>streamOptimized</c>, <c>fixed</c>, …); else null.</summary>
    public string? Variant { get; }

    /// <summary>The container's name for QEMU's <c>-drive format=</c> and qemu-img's <c>-f</c>.</summary>
    public string QemuName { get; }

    /// <summary>The file name extensions (lower case, with the dot) that name the container.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>A plain sector-by-sector image (written as a sparse file).</summary>
    public static DiskFormat Raw { get; } = new("raw", null, "raw", ".img", ".raw");

    /// <summary>VirtualBox Disk Image, dynamic, 1 MiB blocks.</summary>
    public static DiskFormat Vdi { get; } = new("vdi", null, "vdi", ".vdi");

    /// <summary>QEMU copy-on-write (d2l writes v3 with 64 KiB clusters and reads v2 and v3).</summary>
    public static DiskFormat Qcow2 { get; } = new("qcow2", null, "qcow2", ".qcow2");

    /// <summary>One-file VMDK with grain tables and uncompressed 64 KiB grains: what VMware Workstation and VirtualBox attach directly.</summary>
    public static DiskFormat VmdkMonolithicSparse { get; } = new("vmdk", "monolithicSparse", "vmdk", ".vmdk");

    /// <summary>One-file VMDK with zlib-compressed grains in disk order behind markers: for OVA and ESXi imports.</summary>
    public static DiskFormat VmdkStreamOptimized { get; } = new("vmdk", "streamOptimized", "vmdk", ".vmdk");

    /// <summary>A VMDK text descriptor whose extents are other files (monolithicFlat, split disks): QEMU opens it, d2l does not.</summary>
    public static DiskFormat VmdkTextDescriptor { get; } = new("vmdk", "text descriptor", "vmdk", ".vmdk");

    /// <summary>Virtual PC / Hyper-V VHD, sparse, with a block allocation table and 2 MiB blocks.</summary>
    public static DiskFormat VhdDynamic { get; } = new("vhd", "dynamic", "vpc", ".vhd", ".vpc");

    /// <summary>VHD as the raw disk followed by a footer, sized to a whole MiB: what Azure accepts.</summary>
    public static DiskFormat VhdFixed { get; } = new("vhd", "fixed", "vpc", ".vhd", ".vpc");

    /// <summary>Hyper-V VHDX, dynamic, 1 MiB blocks: for Hyper-V generation 2 VMs.</summary>
    public static DiskFormat Vhdx { get; } = new("vhdx", null, "vhdx", ".vhdx");

    /// <summary>
    /// An OVF 1.0 appliance: a tar of the descriptor, a streamOptimized VMDK and a SHA-256 manifest, for
    /// VirtualBox's and VMware's importers. QEMU has no driver for the package ("ova" names none): it boots the
    /// VMDK inside.
    /// </summary>
    public static DiskFormat Ova { get; } = new("ova", null, "ova", ".ova");

    /// <summary>Every value, each container's default variant before its other ones.</summary>
    public static IReadOnlyList<DiskFormat> All { get; } =
        [Raw, Vdi, Qcow2, VmdkMonolithicSparse, VmdkStreamOptimized, VmdkTextDescriptor, VhdDynamic, VhdFixed, Vhdx, Ova];

    /// <summary>A format only QEMU knows (<c>qed</c>, <c>parallels</c>, …), to boot a disk d2l neither writes nor reads.</summary>
    public static DiskFormat QemuOnly(string qemuName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(qemuName);
        return new DiskFormat(qemuName, null, qemuName);
    }

    /// <summary>Whether this and <paramref name="other"/> are the same container, whatever their variants.</summary>
    public bool SameContainerAs(DiskFormat other) => Name == other.Name;

    /// <inheritdoc />
    public override string ToString() => Variant is null ? Name : $"{Name} ({Variant})";
}
