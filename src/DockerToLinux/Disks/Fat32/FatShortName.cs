using System.Text;

namespace DockerToLinux.Disks.Fat32;

/// <summary>
/// The 11-byte 8.3 name of a directory entry, with the case flags that let an all-lower-case part be shown
/// as such without a long name, and the generated <c>NAME~k.EXT</c> form for names that need one.
/// </summary>
/// <param name="Bytes">Base and extension, space padded, no dot.</param>
/// <param name="CaseFlags">0x08 if the base is lower case, 0x10 if the extension is.</param>
/// <param name="NeedsLongName">True if the real name must be stored in long-name entries in front.</param>
internal sealed record FatShortName(byte[] Bytes, byte CaseFlags, bool NeedsLongName)
{
    private const string ValidSymbols = "!#$%&'()-@^_`{}~";

    /// <summary>Makes the short name for <paramref name="name"/>, unique among <paramref name="taken"/>.</summary>
    /// <param name="name">The file's real name.</param>
    /// <param name="taken">The 11-byte names already in the directory, as ASCII strings.</param>
    public static FatShortName For(string name, IReadOnlySet<string> taken)
    {
        if (TryExact(name) is { } exact && !taken.Contains(Encoding.ASCII.GetString(exact.Bytes)))
        {
            return exact;
        }
        string upper = name.ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal).TrimStart('.');
        int dot = upper.LastIndexOf('.');
        string baseName = Clean((dot < 0 ? upper : upper[..dot]).Replace(".", string.Empty, StringComparison.Ordinal));
        string extension = dot < 0 ? string.Empty : Clean(upper[(dot + 1)..]);
        extension = extension[..Math.Min(3, extension.Length)];
        if (baseName.Length == 0)
        {
            baseName = "_";
        }
        for (int k = 1; k < 1_000_000; k++)
        {
            string tail = "~" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string candidate = baseName[..Math.Min(baseName.Length, 8 - tail.Length)] + tail;
            var bytes = Pack(candidate, extension);
            if (!taken.Contains(Encoding.ASCII.GetString(bytes)))
            {
                return new FatShortName(bytes, 0, NeedsLongName: true);
            }
        }
        throw new InvalidOperationException($"no free short name for {name}");
    }

    /// <summary>The checksum of the 11 bytes that each long-name entry carries.</summary>
    public byte Checksum()
    {
        byte sum = 0;
        foreach (byte b in Bytes)
        {
            sum = (byte)(((sum & 1) << 7) + (sum >> 1) + b);
        }
        return sum;
    }

    // A name that is already 8.3 with each part in one case needs no long name.
    private static FatShortName? TryExact(string name)
    {
        int dot = name.IndexOf('.');
        if (dot != name.LastIndexOf('.') || dot == 0)
        {
            return null;
        }
        string baseName = dot < 0 ? name : name[..dot];
        string extension = dot < 0 ? string.Empty : name[(dot + 1)..];
        if (baseName.Length is < 1 or > 8 || extension.Length > 3 || (dot >= 0 && extension.Length == 0)
            || !(baseName + extension).All(IsValid))
        {
            return null;
        }
        if (CaseOf(baseName) is not { } baseLower || CaseOf(extension) is not { } extensionLower)
        {
            return null;
        }
        byte flags = (byte)((baseLower ? 0x08 : 0) | (extensionLower ? 0x10 : 0));
        return new FatShortName(Pack(baseName.ToUpperInvariant(), extension.ToUpperInvariant()), flags, NeedsLongName: false);
    }

    // True if all letters are lower case, false if all are upper case (or there are none), null if mixed.
    private static bool? CaseOf(string part)
    {
        bool lower = part.Any(char.IsAsciiLetterLower), upper = part.Any(char.IsAsciiLetterUpper);
        return lower && upper ? null : lower;
    }

    private static bool IsValid(char c) => char.IsAsciiLetterOrDigit(c) || ValidSymbols.Contains(c);

    private static string Clean(string part) => new(part.Select(c => IsValid(c) && c < 128 ? c : '_').ToArray());

    private static byte[] Pack(string baseName, string extension) =>
        Encoding.ASCII.GetBytes(baseName.PadRight(8) + extension.PadRight(3));
}
