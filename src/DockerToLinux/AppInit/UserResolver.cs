using System.Globalization;

namespace DockerToLinux.AppInit;

/// <summary>
/// Resolves a container's user (<c>user</c>, <c>uid</c>, <c>user:group</c>, <c>uid:gid</c>, <c>uid:group</c>,
/// <c>user:gid</c>) against the image's <c>/etc/passwd</c> and <c>/etc/group</c> as runc does for Docker: a
/// number needs no account (its group is then 0 and its home <c>/</c>), a name does; the first entry that
/// matches wins.
/// </summary>
internal static class UserResolver
{
    /// <summary>Resolves <paramref name="spec"/> (empty for root).</summary>
    /// <param name="spec">The user specification.</param>
    /// <param name="passwd">The image's /etc/passwd, or null when it has none.</param>
    /// <param name="group">The image's /etc/group, or null when it has none.</param>
    /// <exception cref="D2lException">A name that the files do not list, or a malformed number.</exception>
    public static RunAsUser Resolve(string spec, string? passwd, string? group)
    {
        int colon = spec.IndexOf(':');
        string userPart = colon < 0 ? spec : spec[..colon];
        string? groupPart = colon < 0 ? null : spec[(colon + 1)..];
        var users = Entries(passwd, 7);
        var groups = Entries(group, 4);
        bool numericUser = TryId(userPart.Length == 0 ? "0" : userPart, out long uid);
        var account = numericUser
            ? users.FirstOrDefault(fields => TryId(fields[2], out long id) && id == uid)
            : users.FirstOrDefault(fields => fields[0] == userPart)
                ?? throw new D2lException(FailureKind.BadInput, $"the user '{userPart}' is not in the image's /etc/passwd");
        long gid = 0;
        string home = "/";
        if (account is not null)
        {
            uid = ParseId(account[2], "uid", account[0]);
            gid = ParseId(account[3], "gid", account[0]);
            home = account[5];
        }
        if (!string.IsNullOrEmpty(groupPart))
        {
            gid = TryId(groupPart, out long number)
                ? number
                : ParseId((groups.FirstOrDefault(fields => fields[0] == groupPart)
                    ?? throw new D2lException(FailureKind.BadInput, $"the group '{groupPart}' is not in the image's /etc/group"))[2], "gid", groupPart);
            return new RunAsUser(uid, gid, [gid], home, null);
        }
        if (account is null)
        {
            return new RunAsUser(uid, gid, [gid], home, null);
        }
        var members = groups.Where(fields => fields[3].Split(',').Contains(account[0], StringComparer.Ordinal))
            .Select(fields => TryId(fields[2], out long id) ? id : -1).Where(id => id >= 0);
        return new RunAsUser(uid, gid, members.Prepend(gid).Distinct().ToList(), home, account[0]);
    }

    private static List<string[]> Entries(string? text, int fieldCount) =>
        (text ?? string.Empty).Split('\n').Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && line[0] is not ('#' or '+' or '-'))
            .Select(line => line.Split(':')).Where(fields => fields.Length >= fieldCount).ToList();

    private static bool TryId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= uint.MaxValue - 1;

    private static long ParseId(string text, string what, string entry) =>
        TryId(text, out long id) ? id : throw new D2lException(FailureKind.BadInput, $"the image's account entry '{entry}' has a malformed {what} '{text}'");
}
