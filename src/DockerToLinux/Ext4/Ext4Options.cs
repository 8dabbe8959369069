using DockerToLinux.RootFs;

namespace DockerToLinux.Ext4;

/// <summary>What the ext4 writer makes: identity, label and how big the filesystem may or must be.</summary>
public sealed record Ext4Options
{
    /// <summary>The default upper bound: 2 TiB, far above any real container image.</summary>
    public const long DefaultMaxSizeBytes = 2 * Units.TiB;

    /// <summary>The filesystem UUID (s_uuid), also used by the journal; set it for reproducible builds.</summary>
    public Guid Uuid { get; init; } = Guid.NewGuid();

    /// <summary>The directory hash seed (s_hash_seed); set it for reproducible builds.</summary>
    public Guid HashSeed { get; init; } = Guid.NewGuid();

    /// <summary>The volume label, at most 16 bytes of UTF-8.</summary>
    public string Label { get; init; } = string.Empty;

    /// <summary>A fixed filesystem size in bytes (rounded down to whole MiB), or null to size it automatically.</summary>
    public long? SizeBytes { get; init; }

    /// <summary>
    /// The largest filesystem allowed: automatic sizing never goes beyond it and content that would need more
    /// is refused (a guard against decompression bombs). Group metadata is laid out for this size.
    /// </summary>
    public long MaxSizeBytes { get; init; } = DefaultMaxSizeBytes;

    /// <summary>The superblock's creation, write and last-check times (SOURCE_DATE_EPOCH when set).</summary>
    public FsTimestamp CreationTime { get; init; } = FsTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
}
