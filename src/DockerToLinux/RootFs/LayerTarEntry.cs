namespace DockerToLinux.RootFs;

/// <summary>One entry of a layer tar, with everything flattening needs decoded from its headers.</summary>
/// <param name="Name">The path as the archive gives it (PAX, GNU long name or ustar prefix/name).</param>
/// <param name="Kind">The entry's object type; null for a hard link (see <see cref="IsHardLink"/>).</param>
/// <param name="IsHardLink">True for typeflag 1: <see cref="LinkName"/> names an existing file.</param>
/// <param name="Permissions">Mode bits 07777.</param>
/// <param name="Uid">Owner, from PAX when it does not fit the header.</param>
/// <param name="Gid">Group.</param>
/// <param name="ModificationTime">mtime, with PAX's sub-second part when present.</param>
/// <param name="LinkName">Symlink target or hard-link target.</param>
/// <param name="DeviceMajor">Device major number.</param>
/// <param name="DeviceMinor">Device minor number.</param>
/// <param name="Xattrs">Extended attributes from <c>SCHILY.xattr.*</c>, values as raw bytes.</param>
/// <param name="Length">The size of the entry's data.</param>
/// <param name="Data">The entry's data, readable once, before the next entry is read; null when empty.</param>
internal sealed record LayerTarEntry(
    string Name,
    NodeKind? Kind,
    bool IsHardLink,
    int Permissions,
    long Uid,
    long Gid,
    FsTimestamp ModificationTime,
    string LinkName,
    int DeviceMajor,
    int DeviceMinor,
    IReadOnlyDictionary<string, byte[]> Xattrs,
    long Length,
    Stream? Data);
