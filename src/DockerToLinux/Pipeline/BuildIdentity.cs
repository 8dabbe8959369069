using System.Security.Cryptography;
using System.Text;

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

    /// <summary>
    /// The UUID for the named purpose ("filesystem", "disk"): derived, or random. Asking twice for the same
    /// purpose gives the same UUID, so every stage names the same filesystem.
    /// </summary>
    public Guid Uuid(string purpose)
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

    /// <summary>
    /// Bytes for the named purpose (salts, hash seeds, volume serials): derived, or random. Like
    /// <see cref="Uuid"/>, asking twice for the same purpose and count gives the same bytes, so two stages that
    /// must agree (a FAT serial and the fstab line that names it) cannot drift apart in a random build.
    /// </summary>
    public byte[] Bytes(string purpose, int count)
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
