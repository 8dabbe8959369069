using System.Globalization;

namespace DockerToLinux.AppInit;

/// <summary>
/// What a service manager needs of the process's identity beyond what a container runtime needs: systemd and
/// OpenRC look the user and group up in the image's account files when the service starts and refuse to start
/// it when they are missing, while Docker accepts a bare number. Such a service is refused when the disk is built.
/// </summary>
internal static class ServiceIdentity
{
    /// <summary>Refuses an identity that the image's service manager could not start the process with.</summary>
    /// <param name="user">The identity resolved from the run specification.</param>
    /// <param name="passwd">The image's /etc/passwd, or null when it has none.</param>
    /// <param name="group">The image's /etc/group, or null when it has none.</param>
    /// <exception cref="D2lException">The uid has no account, or an explicitly given gid has no group entry.</exception>
    public static void Check(RunAsUser user, string? passwd, string? group)
    {
        if (!Lists(passwd, user.Uid))
        {
            throw D2lException.BadSetting(Setting.Service,
                $"the user {Number(user.Uid)} is not in the image's /etc/passwd, and the image's init starts a service only as a listed user");
        }
        // Without an account the group was given explicitly; an account's own primary group is the account's business.
        if (user.Account is null && !Lists(group, user.Gid))
        {
            throw D2lException.BadSetting(Setting.Service,
                $"the group {Number(user.Gid)} is not in the image's /etc/group, and the image's init starts a service only with a listed group");
        }
    }

    // Whether an entry of the colon-separated file has the id in its third field.
    private static bool Lists(string? file, long id) =>
        (file ?? string.Empty).Split('\n').Select(line => line.Split(':'))
            .Any(fields => fields.Length > 2 && fields[2].Trim() == Number(id));

    private static string Number(long id) => id.ToString(CultureInfo.InvariantCulture);
}
