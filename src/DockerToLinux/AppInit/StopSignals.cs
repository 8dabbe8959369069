using System.Globalization;

namespace DockerToLinux.AppInit;

/// <summary>
/// Linux signal numbers (x86-64 and arm64 share them) by the names an image's <c>StopSignal</c> uses. The number
/// is decided when the disk is built, so the guest needs no table of names.
/// </summary>
internal static class StopSignals
{
    /// <summary>The signal a container runtime sends when the image names none.</summary>
    public const int Default = 15;

    /// <summary>SIGKILL, sent when the process outlives the stop timeout.</summary>
    public const int Kill = 9;

    // The C library reserves the first two real-time signals, so SIGRTMIN is 34 for programs and for Docker.
    private const int RealTimeMin = 34;
    private const int RealTimeMax = 64;

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6, ["BUS"] = 7,
        ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14,
        ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21,
        ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28,
        ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31, ["RTMIN"] = RealTimeMin, ["RTMAX"] = RealTimeMax,
    };

    /// <summary>
    /// The number of <paramref name="signal"/>: a number, or a name with or without <c>SIG</c> in any case,
    /// including <c>RTMIN+n</c> and <c>RTMAX-n</c>; null gives <see cref="Default"/>.
    /// </summary>
    /// <exception cref="D2lException">Not a signal Linux has.</exception>
    public static int Parse(string? signal)
    {
        if (string.IsNullOrEmpty(signal))
        {
            return Default;
        }
        if (int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number is >= 1 and <= RealTimeMax ? number : throw Invalid(signal);
        }
        string name = signal.ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        if (Numbers.TryGetValue(name, out number))
        {
            return number;
        }
        foreach (var (prefix, sign, bound) in new[] { ("RTMIN+", 1, RealTimeMin), ("RTMAX-", -1, RealTimeMax) })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int offset)
                && offset is >= 1 and <= RealTimeMax - RealTimeMin - 1)
            {
                return bound + sign * offset;
            }
        }
        throw Invalid(signal);
    }

    private static D2lException Invalid(string signal) =>
        new(FailureKind.BadInput, $"the stop signal '{signal}' is not a Linux signal");
}
