using System.Security.Cryptography;

namespace DockerToLinux.Accounts;

/// <summary>Salts for <see cref="Sha512Crypt"/>: 16 characters from the crypt alphabet.</summary>
public static class CryptSalt
{
    /// <summary>A fresh random salt.</summary>
    public static string Random() => FromBytes(RandomNumberGenerator.GetBytes(Sha512Crypt.MaxSaltLength));

    /// <summary>
    /// A salt derived from <paramref name="seed"/>, for reproducible builds: the same seed gives the same
    /// salt, and so the same /etc/shadow line.
    /// </summary>
    public static string FromSeed(ReadOnlySpan<byte> seed)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData("d2l crypt salt"u8, seed, hash);
        return FromBytes(hash[..Sha512Crypt.MaxSaltLength]);
    }

    // 256 is a multiple of 64, so taking the low six bits of each byte keeps every character equally likely.
    private static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[i] = Sha512Crypt.Alphabet[bytes[i] & 0x3F];
        }
        return new string(chars);
    }
}
