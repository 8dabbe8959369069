using System.Text;
using System.Text.RegularExpressions;

namespace DockerToLinux.KubeVirt;

/// <summary>
/// VirtualMachine names. KubeVirt names the VM's pod and its libvirt domain after it, so it must be a DNS-1123
/// label, not merely a Kubernetes object name.
/// </summary>
internal static partial class VirtualMachineNames
{
    private const int MaxLength = 63;

    /// <summary>Whether <paramref name="name"/> is a DNS-1123 label.</summary>
    public static bool IsValid(string name) => name.Length <= MaxLength && Label().IsMatch(name);

    /// <summary>
    /// A name from the last path element of <paramref name="image"/> (<c>HOST/PATH/NAME@sha256:…</c>): lower case,
    /// every run of other characters one '-', cut to 63; <c>vm</c> when nothing is left.
    /// </summary>
    public static string FromImage(string image)
    {
        string repository = image.Split('@')[0];
        string last = repository[(repository.LastIndexOf('/') + 1)..].ToLowerInvariant();
        var name = new StringBuilder();
        foreach (char c in last)
        {
            bool allowed = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
            if (allowed)
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }
        string result = name.ToString();
        result = (result.Length > MaxLength ? result[..MaxLength] : result).Trim('-');
        return result.Length > 0 ? result : "vm";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
