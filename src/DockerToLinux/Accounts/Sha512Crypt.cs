using System.Security.Cryptography;
using System.Text;

namespace DockerToLinux.Accounts;

/// <summary>
/// The SHA-512 crypt scheme (<c>$6$</c>) that glibc, libxcrypt and busybox check in /etc/shadow, written
/// from its public description (Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512").
/// </summary>
public static class Sha512Crypt
{
    /// <summary>Rounds used when none are named; the string then has no <c>rounds=</c> part.</summary>
    public const int DefaultRounds = 5000;

    /// <summary>The most salt characters the scheme uses; longer salts are cut.</summary>
    public const int MaxSaltLength = 16;

    /// <summary>The crypt alphabet, in value order.</summary>
    public const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // The output permutes the 64 digest bytes in groups of three; each group becomes four characters.
    private static readonly int[] Order =
    [
        0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29,
        9, 30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38,
        18, 39, 60, 40, 61, 19, 62, 20, 41,
    ];

    /// <summary>Hashes <paramref name="password"/> (UTF-8) with <paramref name="salt"/>.</summary>
    /// <param name="password">The password.</param>
    /// <param name="salt">Up to 16 characters, no <c>$</c>, <c>:</c> or line breaks.</param>
    /// <param name="rounds">Null for the default 5000 (not written); otherwise clamped to 1000..999 999 999 and written.</param>
    public static string Hash(string password, string salt, int? rounds = null)
    {
        if (salt.IndexOfAny(['$', ':', '\n', '\r']) >= 0)
        {
            throw new ArgumentException("a crypt salt cannot contain '$', ':' or line breaks", nameof(salt));
        }
        salt = salt.Length > MaxSaltLength ? salt[..MaxSaltLength] : salt;
        int count = rounds is { } r ? Math.Clamp(r, 1000, 999_999_999) : DefaultRounds;
        byte[] key = Encoding.UTF8.GetBytes(password);
        byte[] saltBytes = Encoding.UTF8.GetBytes(salt);
        byte[] digest = Digest(key, saltBytes, count);

        var text = new StringBuilder("$6$");
        if (rounds is not null)
        {
            text.Append("rounds=").Append(count).Append('$');
        }
        text.Append(salt).Append('$');
        for (int i = 0; i < Order.Length; i += 3)
        {
            AppendBase64(text, (digest[Order[i]] << 16) | (digest[Order[i + 1]] << 8) | digest[Order[i + 2]], 4);
        }
        AppendBase64(text, digest[63], 2);
        return text.ToString();
    }

    private static byte[] Digest(byte[] key, byte[] salt, int rounds)
    {
        byte[] alternate = SHA512.HashData([.. key, .. salt, .. key]);

        var a = new List<byte>(key.Length * 3 + salt.Length + 64);
        a.AddRange(key);
        a.AddRange(salt);
        a.AddRange(Cycle(alternate, key.Length));
        for (int length = key.Length; length > 0; length >>= 1)
        {
            a.AddRange((length & 1) != 0 ? alternate : key);
        }
        byte[] current = SHA512.HashData(a.ToArray());

        byte[] keyRepeated = SHA512.HashData(Repeat(key, key.Length));
        byte[] p = Cycle(keyRepeated, key.Length);
        byte[] saltRepeated = SHA512.HashData(Repeat(salt, 16 + current[0]));
        byte[] s = Cycle(saltRepeated, salt.Length);

        // The rounds only slow an attacker down; the mixing order follows the scheme exactly.
        var buffer = new List<byte>(64 + 2 * p.Length + s.Length);
        for (int i = 0; i < rounds; i++)
        {
            buffer.Clear();
            buffer.AddRange((i & 1) != 0 ? p : current);
            if (i % 3 != 0)
            {
                buffer.AddRange(s);
            }
            if (i % 7 != 0)
            {
                buffer.AddRange(p);
            }
            buffer.AddRange((i & 1) != 0 ? current : p);
            current = SHA512.HashData(buffer.ToArray());
        }
        return current;
    }

    // The first `length` bytes of `source` repeated end to end.
    private static byte[] Cycle(byte[] source, int length)
    {
        var result = new byte[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = source[i % source.Length];
        }
        return result;
    }

    private static byte[] Repeat(byte[] source, int times)
    {
        var result = new byte[source.Length * times];
        for (int i = 0; i < times; i++)
        {
            source.CopyTo(result, i * source.Length);
        }
        return result;
    }

    private static void AppendBase64(StringBuilder text, int value, int characters)
    {
        for (int i = 0; i < characters; i++)
        {
            text.Append(Alphabet[value & 0x3F]);
            value >>= 6;
        }
    }
}
