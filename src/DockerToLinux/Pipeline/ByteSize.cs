using System.Globalization;

namespace DockerToLinux.Pipeline;

/// <summary>Sizes as users type them: a number of bytes with an optional binary suffix (K, M, G, T; KiB, MiB…).</summary>
public static class ByteSize
{
    /// <summary>Parses <c>512M</c>, <c>4G</c>, <c>1.5GiB</c> or a plain byte count.</summary>
    /// <exception cref="D2lException">The text is not a size.</exception>
    public static long Parse(string text, string what)
    {
        string trimmed = text.Trim();
        int split = trimmed.Length;
        while (split > 0 && char.IsLetter(trimmed[split - 1]))
        {
            split--;
        }
        string suffix = trimmed[split..].ToUpperInvariant();
        int shift = suffix switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 10,
            "M" or "MB" or "MIB" => 20,
            "G" or "GB" or "GIB" => 30,
            "T" or "TB" or "TIB" => 40,
            _ => -1,
        };
        if (shift < 0 || !decimal.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number)
            || number <= 0 || number * (1L << shift) > long.MaxValue / 2)
        {
            throw D2lException.BadInput(what, $"'{text}' is not a size (use a number with K, M, G or T, such as 512M or 4G)");
        }
        return (long)Math.Ceiling(number * (1L << shift));
    }

    /// <summary>Formats a byte count for messages: <c>1.5 GiB</c>, <c>640 MiB</c>, <c>12 KiB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
