namespace DockerToLinux.Disks;

/// <summary>
/// The identity a disk container records about itself: the image UUID (VDI uuidCreate, VHD unique id,
/// VMDK CID and ddb.uuid.image), a second UUID for VDI's uuidModify, and the creation time. Derived from
/// the build's identity, so SOURCE_DATE_EPOCH gives byte-identical files in every format.
/// </summary>
/// <param name="Uuid">The disk's identity.</param>
/// <param name="ModificationUuid">VDI's "last modified" UUID; VirtualBox wants it non-null.</param>
/// <param name="Time">The creation time recorded where a format has one (VHD).</param>
public sealed record DiskStamp(Guid Uuid, Guid ModificationUuid, DateTimeOffset Time)
{
    /// <summary>A fresh random identity at the current time.</summary>
    public static DiskStamp Random() => new(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
}
