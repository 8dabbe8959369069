
namespace DockerToLinux.Accounts;

/// <summary>
/// The text of /etc/passwd, /etc/shadow, /etc/group and /etc/gshadow, edited as useradd would edit them:
/// existing lines stay byte for byte and new entries are appended in each file's format. Null shadow or
/// gshadow means the image has no such file.
/// </summary>
/// <param name="Passwd">/etc/passwd.</param>
/// <param name="Shadow">/etc/shadow, or null.</param>
/// <param name="Group">/etc/group.</param>
/// <param name="Gshadow">/etc/gshadow, or null.</param>
public sealed record AccountTables(string Passwd, string? Shadow, string Group, string? Gshadow)
{
    /// <summary>The password field of an account without password login.</summary>
    public const string NoPassword = "*";

    private const int IdField = 2;
    private const int GroupMembersField = 3;

    /// <summary>
    /// Adds <paramref name="user"/> with a group of its own name (user private groups, as Debian, Fedora and
    /// Alpine do) and adds it to its supplementary groups, creating those that are missing.
    /// </summary>
    /// <param name="user">The user; its password is ignored here, <paramref name="hash"/> is written.</param>
    /// <param name="hash">The crypt hash, or <see cref="NoPassword"/>.</param>
    /// <param name="shell">The login shell.</param>
    /// <param name="defs">The id ranges of the image's login.defs.</param>
    /// <param name="lastChangeDay">Days since 1970-01-01 for the shadow "last changed" field.</param>
    /// <exception cref="D2lException">A bad or taken name, a taken uid, or no free id.</exception>
    public AddedAccount AddUser(UserAccount user, string hash, string shell, LoginDefs defs, long lastChangeDay)
    {
        AccountName.Check("user", user.Name);
        foreach (string groupName in user.Groups)
        {
            AccountName.Check("group", groupName);
        }
        if (hash.Length == 0 || hash.IndexOfAny([':', '\n', '\r']) >= 0)
        {
            throw new ArgumentException("a password hash cannot be empty or contain ':' or line breaks", nameof(hash));
        }
        string what = $"user '{user.Name}'";
        if (ColonFile.Contains(Passwd, user.Name))
        {
            throw D2lException.BadSetting(Setting.Users, $"{what}: the image already has this user");
        }
        if (ColonFile.Contains(Group, user.Name))
        {
            throw D2lException.BadSetting(Setting.Users, $"{what}: the image already has a group of this name, and d2l gives each new user a group of its own");
        }
        var uids = ColonFile.Numbers(Passwd, IdField);
        long uid = user.Uid ?? ColonFile.FirstFree(uids, defs.UidMin, defs.UidMax, what);
        if (user.Uid is { } asked && (asked < 0 || uids.Contains(asked)))
        {
            throw D2lException.BadSetting(Setting.Users, $"{what}: " + (asked < 0 ? $"uid {asked} is negative" : $"uid {asked} is taken in the image"));
        }
        var gids = ColonFile.Numbers(Group, IdField);
        // useradd gives the private group the uid's number when that gid is free, so ids line up.
        long gid = gids.Contains(uid) ? ColonFile.FirstFree(gids, defs.GidMin, defs.GidMax, what) : uid;
        gids.Add(gid);

        string home = $"/home/{user.Name}";
        string passwd = ColonFile.Append(Passwd, $"{user.Name}:x:{uid}:{gid}::{home}:{shell}");
        string shadow = Shadow is null
            ? ShadowFile.SetHash(null, passwd, user.Name, hash, lastChangeDay)
            : ColonFile.Append(Shadow, $"{user.Name}:{hash}:{lastChangeDay}:0:99999:7:::");
        string group = ColonFile.Append(Group, $"{user.Name}:x:{gid}:");
        string? gshadow = Gshadow is null ? null : ColonFile.Append(Gshadow, $"{user.Name}:!::");

        foreach (string name in user.Groups.Distinct(StringComparer.Ordinal))
        {
            if (ColonFile.Contains(group, name))
            {
                group = ColonFile.AddMember(group, name, GroupMembersField, user.Name);
                gshadow = gshadow is null ? null : ColonFile.AddMember(gshadow, name, GroupMembersField, user.Name);
                continue;
            }
            long newGid = ColonFile.FirstFree(gids, defs.GidMin, defs.GidMax, $"group '{name}'");
            gids.Add(newGid);
            group = ColonFile.Append(group, $"{name}:x:{newGid}:{user.Name}");
            gshadow = gshadow is null ? null : ColonFile.Append(gshadow, $"{name}:!::{user.Name}");
        }
        return new AddedAccount(new AccountTables(passwd, shadow, group, gshadow), uid, gid, home);
    }

    /// <summary>The home directory /etc/passwd gives <paramref name="user"/>, or null if there is no such user.</summary>
    public string? HomeOf(string user) => ColonFile.Field(Passwd, user, 5);

    /// <summary>The uid and primary gid of <paramref name="user"/>, or null if there is no such user.</summary>
    public (long Uid, long Gid)? IdsOf(string user)
    {
        string? uid = ColonFile.Field(Passwd, user, 2);
        string? gid = ColonFile.Field(Passwd, user, 3);
        return long.TryParse(uid, out long u) && long.TryParse(gid, out long g) ? (u, g) : null;
    }

    /// <summary>The gid of <paramref name="group"/>, or null.</summary>
    public long? GroupId(string group) => ShadowFile.GroupId(Group, group);
}
