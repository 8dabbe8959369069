namespace DockerToLinux;

/// <summary>
/// The first block of a tar archive: enough to tell a tar from a layer in another format (squashfs, erofs,
/// zip) before building anything from it. Tar has no magic number every writer sets (v7 archives carry
/// none), but every header carries a checksum.
/// </summary>
internal static class TarHeader
{
    /// <summary>The size of a tar header block, and the unit tar pads every member's data to.</summary>
    public const int Size = 512;

    // erofs keeps its superblock 1024 bytes into the image, where its magic number is found.
    private const int ErofsSuperblockOffset = 1024;

    /// <summary>
    /// Null when <paramref name="head"/> can start a tar (a header with a valid checksum, the zero block of
    /// an empty archive, or too few bytes to tell); otherwise what the bytes look like instead.
    /// </summary>
    public static string? NotATar(ReadOnlySpan<byte> head)
    {
        if (head.Length < Size || !head[..Size].ContainsAnyExcept((byte)0) || ChecksumMatches(head[..Size]))
        {
            return null;
        }
        return head switch
        {
            [(byte)'h', (byte)'s', (byte)'q', (byte)'s', ..] or [(byte)'s', (byte)'q', (byte)'s', (byte)'h', ..] => "found a squashfs image",
            [(byte)'P', (byte)'K', 3, 4, ..] => "found a zip archive",
            _ when head.Length >= ErofsSuperblockOffset + 4 && head[ErofsSuperblockOffset..(ErofsSuperblockOffset + 4)].SequenceEqual(new byte[] { 0xE2, 0xE1, 0xF5, 0xE0 }) => "found an erofs image",
            _ => $"its first block is no tar header (its checksum does not match); it starts with {Convert.ToHexString(head[..8])}",
        };
    }

    /// <summary>True when the 512 bytes carry a valid tar header checksum (unsigned sum, field as spaces).</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        if (ReadOctal(header[148..156]) is not long stored)
        {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < Size; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        }
        return sum == stored;
    }

    /// <summary>An octal number field (digits, then NUL or space), or null when it holds anything else.</summary>
    public static long? ReadOctal(ReadOnlySpan<byte> field)
    {
        long value = 0;
        bool any = false;
        foreach (byte b in field)
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                value = value * 8 + (b - '0');
                any = true;
            }
            else if (b is 0 or (byte)' ')
            {
                if (any)
                {
                    break;
                }
            }
            else
            {
                return null;
            }
        }
        return value;
    }
}
