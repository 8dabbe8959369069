using System.Security.Cryptography;
using System.Text;
using DockerToLinux.Disks;

namespace DockerToLinux.Pipeline;

/// <summary>
/// The identifiers and clock of one build. With <c>SOURCE_DATE_EPOCH</c> they are derived from the image
/// digest (UUIDv5 names under a fixed namespace) and that time, so the same input gives byte-identical
/// disks; without it they are random and the clock is now.
/// </summary>
public sealed class BuildIdentity
{
    // A fixed namespace chosen once for d2l: changing it would change every reproducible disk.
    private static readonly Guid Namespace = new("5f1b5d62-3b0e-5c63-9d1e-6a0c1c3d2e11");
    private readonly string? _seed;
    private readonly Dictionary<string, Guid> _uuids = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), byte[]> _bytes = [];

    private BuildIdentity(string? seed, DateTimeOffset time)
    {
        _seed = seed;
        Time = time;
    }

    /// <summary>The build's clock: SOURCE_DATE_EPOCH or now.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>True when every identifier is derived from the input.</summary>
    public bool IsReproducible => _seed is not null;

    /// <summary>A reproducible identity for <paramref name="imageDigest"/> at <paramref name="epochSeconds"/>.</summary>
    public static BuildIdentity Reproducible(string imageDigest, long epochSeconds) =>
        new(imageDigest, DateTimeOffset.FromUnixTimeSeconds(epochSeconds));

    /// <summary>
    /// A reproducible identity for an image booted with a kernel image's kernel: both digests name the disk,
    /// so another kernel image gives other identifiers. Without a kernel image it is the image's alone.
    /// </summary>
    public static BuildIdentity Reproducible(string imageDigest, string? kernelImageDigest, long epochSeconds) =>
        Reproducible(kernelImageDigest is null ? imageDigest : $"{imageDigest}\nkernel {kernelImageDigest}", epochSeconds);

    /// <summary>A fresh random identity at the current time.</summary>
    public static BuildIdentity Random() => new(null, DateTimeOffset.UtcNow);

    /// <summary>Reads <c>SOURCE_DATE_EPOCH</c>; null when unset. A malformed value is an input error.</summary>
    public static long? ReadSourceDateEpoch(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!long.TryParse(value.Trim(), out long seconds) || seconds < 0)
        {
            throw D2lException.BadInput("SOURCE_DATE_EPOCH", $"'{value}' is not a number of seconds since 1970");
        }
        return seconds;
    }

    /// <summary>The root filesystem's UUID, which <c>root=UUID=</c>, GRUB's search and /etc/fstab name.</summary>
    public Guid FilesystemUuid => Uuid("filesystem");

    /// <summary>The seed of ext4's directory hashes.</summary>
    public Guid DirectoryHashSeed => Uuid("directory-hash-seed");

    /// <summary>What the disk container records about itself (VDI, VHD and VMDK identities and time).</summary>
    public DiskStamp DiskStamp => new(Uuid("disk-image"), Uuid("disk-image-modification"), Time);

    /// <summary>The EFI System Partition's FAT volume serial number, which /etc/fstab names the ESP by.</summary>
    public uint EspVolumeId => BitConverter.ToUInt32(Uuid("esp-volume-id").ToByteArray());

    /// <summary>The MBR's disk signature; odd, so never zero, which tools read as "no signature".</summary>
    public uint MbrDiskSignature => BitConverter.ToUInt32(Bytes("mbr-disk-signature", 4)) | 1;

    /// <summary>The GPT's disk GUID.</summary>
    public Guid GptDiskGuid => Uuid("gpt-disk");

    /// <summary>The unique GUID of GPT's BIOS boot partition.</summary>
    public Guid BiosBootPartitionGuid => Uuid("bios-boot-partition");

    /// <summary>The unique GUID of GPT's EFI System Partition.</summary>
    public Guid EspPartitionGuid => Uuid("efi-system-partition");

    /// <summary>The unique GUID of GPT's root partition.</summary>
    public Guid RootPartitionGuid => Uuid("root-partition");

    /// <summary>
    /// What the root password's crypt salt is derived from in a reproducible build; null otherwise, where the
    /// salt is random.
    /// </summary>
    public byte[]? RootPasswordSaltSeed => IsReproducible ? Bytes("root-password-salt", 16) : null;

    /// <summary>
    /// What each added user's crypt salt is derived from (with the user's name) in a reproducible build; null
    /// otherwise, where the salts are random.
    /// </summary>
    public byte[]? UserPasswordSaltSeed => IsReproducible ? Bytes("user-password-salt", 16) : null;

    // The purpose strings are part of every reproducible disk: renaming one changes the identifier it names.
    // Asking twice for one purpose gives the same value, also in a random build, so two stages that must agree
    // (the ESP's serial and the fstab line that names it) cannot drift apart.
    private Guid Uuid(string purpose)
    {
        lock (_uuids)
        {
            if (!_uuids.TryGetValue(purpose, out var uuid))
            {
                _uuids[purpose] = uuid = _seed is null ? Guid.NewGuid() : UuidV5(Namespace, _seed + "\n" + purpose);
            }
            return uuid;
        }
    }

    private byte[] Bytes(string purpose, int count)
    {
        lock (_bytes)
        {
            if (!_bytes.TryGetValue((purpose, count), out var bytes))
            {
                bytes = _seed is null ? RandomNumberGenerator.GetBytes(count) : Derive(_seed, purpose, count);
                _bytes[(purpose, count)] = bytes;
            }
            return (byte[])bytes.Clone();
        }
    }

    private static byte[] Derive(string seed, string purpose, int count)
    {
        var output = new byte[count];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(seed), output, salt: [], Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>RFC 4122 §4.3 name-based UUID with SHA-1.</summary>
    public static Guid UuidV5(Guid space, string name)
    {
        Span<byte> nameSpace = stackalloc byte[16];
        space.TryWriteBytes(nameSpace, bigEndian: true, out _);
        byte[] input = [.. nameSpace, .. Encoding.UTF8.GetBytes(name)];
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
