using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerToLinux.KubeVirt;

/// <summary>
/// A VM's memory as a Kubernetes resource quantity: a decimal number with a binary (<c>Ki</c>…<c>Ei</c>) or decimal
/// (<c>k</c>…<c>E</c>) suffix or an exponent (<c>e9</c>), as Kubernetes' quantity grammar has them. Signs and the
/// milli suffix, which the grammar allows, are refused: memory is a positive whole number of bytes.
/// </summary>
internal static partial class MemoryQuantity
{
    /// <summary>The least memory accepted: less cannot hold a Linux kernel and its initramfs.</summary>
    public const long Minimum = 64L * 1024 * 1024;

    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m,
        ["Ki"] = 1024m, ["Mi"] = 1024m * 1024, ["Gi"] = 1024m * 1024 * 1024, ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024, ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>The number of bytes <paramref name="text"/> stands for.</summary>
    /// <exception cref="D2lException">Not a quantity, not whole bytes, or less than 64Mi.</exception>
    public static decimal Check(string text)
    {
        var match = Quantity().Match(text);
        if (!match.Success)
        {
            throw Refuse(text, "is not a Kubernetes quantity such as 2Gi, 1536Mi or 2G");
        }
        decimal bytes;
        try
        {
            decimal number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            bytes = match.Groups["exponent"].Success
                ? number * Power(int.Parse(match.Groups["exponent"].Value, CultureInfo.InvariantCulture))
                : number * Multipliers[match.Groups["suffix"].Value];
        }
        catch (OverflowException)
        {
            throw Refuse(text, "is more memory than a machine has");
        }
        if (bytes != decimal.Truncate(bytes))
        {
            throw Refuse(text, "is not a whole number of bytes");
        }
        return bytes >= Minimum ? bytes : throw Refuse(text, "is less than 64Mi, too little for a Linux kernel and its initramfs");
    }

    private static decimal Power(int exponent) =>
        exponent <= 24 ? Enumerable.Repeat(10m, exponent).Aggregate(1m, (product, ten) => product * ten) : throw new OverflowException();

    private static D2lException Refuse(string text, string cause) => D2lException.BadSetting(Setting.VirtualMachineMemory, $"'{text}' {cause}");

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)(?:(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?|[eE](?<exponent>[0-9]{1,3}))$")]
    private static partial Regex Quantity();
}
