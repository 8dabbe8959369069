namespace DockerToLinux.Kernels;

/// <summary>
/// Orders kernel version strings roughly as dpkg does: alternating runs of non-digits and digits, digit
/// runs compared as numbers, so 6.1.0-10 sorts after 6.1.0-9. In non-digit runs <c>~</c> sorts before
/// everything (even the end), and letters before other characters.
/// </summary>
public sealed class KernelVersionComparer : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static KernelVersionComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        string a = x ?? string.Empty, b = y ?? string.Empty;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                int left = Weight(a, i), right = Weight(b, j);
                if (left != right)
                {
                    return left.CompareTo(right);
                }
                i++;
                j++;
            }
            int startA = SkipZeros(a, ref i), startB = SkipZeros(b, ref j);
            int digitsA = i - startA, digitsB = j - startB;
            if (digitsA != digitsB)
            {
                return digitsA.CompareTo(digitsB);
            }
            int order = string.CompareOrdinal(a, startA, b, startB, digitsA);
            if (order != 0)
            {
                return order;
            }
        }
        return 0;
    }

    // A digit or the end weighs 0, '~' below that, letters by code, anything else after all letters.
    private static int Weight(string s, int at)
    {
        if (at >= s.Length || char.IsAsciiDigit(s[at]))
        {
            return 0;
        }
        char c = s[at];
        return c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;
    }

    // Skips leading zeros, then the digit run; returns where the significant digits start.
    private static int SkipZeros(string s, ref int at)
    {
        while (at < s.Length && s[at] == '0')
        {
            at++;
        }
        int start = at;
        while (at < s.Length && char.IsAsciiDigit(s[at]))
        {
            at++;
        }
        return start;
    }
}
