namespace DockerToLinux.SystemPrep;

/// <summary>What <see cref="SystemPreparer"/> writes into the image. Immutable; use <c>with</c> to vary.</summary>
internal sealed record SystemPrepOptions
{
    /// <summary>The machine's host name (one DNS name, letters, digits, hyphens and dots).</summary>
    public string Hostname { get; init; } = "d2l";

    /// <summary>The root filesystem's UUID, for /etc/fstab.</summary>
    public required Guid FilesystemUuid { get; init; }

    /// <summary>The EFI System Partition's FAT volume serial number, for its /etc/fstab line; null when the disk has none.</summary>
    public uint? EspVolumeId { get; init; }

    /// <summary>A root password to hash with SHA-512 crypt; null leaves root's password as the image has it.</summary>
    public string? RootPassword { get; init; }

    /// <summary>An already computed crypt hash for root, used instead of <see cref="RootPassword"/>.</summary>
    public string? RootPasswordHash { get; init; }

    /// <summary>The build's clock: modification time of written files and the shadow "last changed" day.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>When set, the crypt salt is derived from it (reproducible builds); otherwise it is random.</summary>
    public byte[]? SaltSeed { get; init; }

    /// <summary>A cloud-init user-data file on this machine for the image's NoCloud seed; null writes no seed.</summary>
    public string? CloudInitUserData { get; init; }

    /// <summary>A meta-data file for the seed; null writes one with an instance-id and <see cref="Hostname"/>.</summary>
    public string? CloudInitMetaData { get; init; }

    /// <summary>
    /// The name servers for /etc/resolv.conf: QEMU user networking's forwarder first, then a public one
    /// for other hypervisors. DHCP clients replace the file with what the network offers.
    /// </summary>
    public IReadOnlyList<string> NameServers { get; init; } = ["10.0.2.3", "1.1.1.1"];
}
