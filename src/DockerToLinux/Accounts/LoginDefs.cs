using System.Globalization;

namespace DockerToLinux.Accounts;

/// <summary>
/// The settings of the image's /etc/login.defs that decide new accounts the way useradd does: the first ids
/// for normal users and groups and the mode of a new home directory.
/// </summary>
/// <param name="UidMin">First uid for normal users (UID_MIN, 1000 when unset).</param>
/// <param name="UidMax">Last uid for normal users (UID_MAX, 60000 when unset).</param>
/// <param name="GidMin">First gid for normal groups (GID_MIN, 1000 when unset).</param>
/// <param name="GidMax">Last gid for normal groups (GID_MAX, 60000 when unset).</param>
/// <param name="HomeMode">Permission bits of a new home: HOME_MODE, else 0777 less UMASK, else 0755.</param>
public sealed record LoginDefs(long UidMin, long UidMax, long GidMin, long GidMax, int HomeMode)
{
    /// <summary>useradd's built-in values, for images without /etc/login.defs.</summary>
    public static LoginDefs Default { get; } = new(1000, 60000, 1000, 60000, 0b111_101_101);

    /// <summary>Reads the settings from login.defs text (null for a missing file); unknown or malformed values keep the defaults.</summary>
    public static LoginDefs Parse(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in (text ?? string.Empty).Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            string[] parts = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
            {
                values[parts[0]] = parts[1].Trim();
            }
        }
        int? umask = Octal(values.GetValueOrDefault("UMASK"));
        int homeMode = Octal(values.GetValueOrDefault("HOME_MODE")) ?? (umask is { } mask ? 0b111_111_111 & ~mask : Default.HomeMode);
        return new LoginDefs(
            Number(values.GetValueOrDefault("UID_MIN")) ?? Default.UidMin,
            Number(values.GetValueOrDefault("UID_MAX")) ?? Default.UidMax,
            Number(values.GetValueOrDefault("GID_MIN")) ?? Default.GidMin,
            Number(values.GetValueOrDefault("GID_MAX")) ?? Default.GidMax,
            homeMode);
    }

    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

    private static int? Octal(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4 || text.Any(c => c is < '0' or > '7'))
        {
            return null;
        }
        return Convert.ToInt32(text, 8);
    }
}
