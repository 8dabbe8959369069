namespace DockerToLinux.Disks;

/// <summary>The disk containers d2l writes and reads.</summary>
public enum DiskFormat
{
    /// <summary>A raw image, written as a sparse file.</summary>
    Raw,

    /// <summary>VirtualBox Disk Image, dynamic, 1 MiB blocks.</summary>
    Vdi,

    /// <summary>QEMU copy-on-write v3, 64 KiB clusters.</summary>
    Qcow2,

    /// <summary>VMware disk, one file (monolithicSparse or streamOptimized).</summary>
    Vmdk,

    /// <summary>Virtual PC / Hyper-V / Azure disk (dynamic or fixed).</summary>
    Vhd,
}

/// <summary>Which kind of VMDK to write.</summary>
public enum VmdkVariant
{
    /// <summary>Grain tables and uncompressed 64 KiB grains: what VMware Workstation and VirtualBox attach directly.</summary>
    MonolithicSparse,

    /// <summary>zlib-compressed grains in disk order with markers and a footer: for OVA and ESXi imports.</summary>
    StreamOptimized,
}

/// <summary>Which kind of VHD to write.</summary>
public enum VhdVariant
{
    /// <summary>Sparse, with a block allocation table and 2 MiB blocks.</summary>
    Dynamic,

    /// <summary>The raw disk followed by a footer, sized to a whole MiB: what Azure accepts.</summary>
    Fixed,
}
