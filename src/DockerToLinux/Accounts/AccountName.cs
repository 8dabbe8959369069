namespace DockerToLinux.Accounts;

/// <summary>The names d2l accepts for users and groups.</summary>
public static class AccountName
{
    /// <summary>The longest name; useradd and utmp records stop at 32 characters.</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// True for names that match the rule Debian's adduser and most distributions share: a lower-case letter
    /// or underscore, then lower-case letters, digits, '_' or '-', optionally ending in '$' (Samba machine
    /// accounts). Such a name cannot hold ':' or a line break, which would split a line of /etc/passwd.
    /// </summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength || !(char.IsAsciiLetterLower(name[0]) || name[0] == '_'))
        {
            return false;
        }
        int end = name[^1] == '$' ? name.Length - 1 : name.Length;
        for (int i = 1; i < end; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Throws a bad-input error unless <paramref name="name"/> is valid.</summary>
    /// <param name="what">"user" or "group", for the message.</param>
    /// <param name="name">The name to check.</param>
    public static void Check(string what, string name)
    {
        if (!IsValid(name))
        {
            throw D2lException.BadInput($"{what} '{name}'",
                "not a valid name (a lower-case letter or '_', then lower-case letters, digits, '_' or '-', at most 32)");
        }
    }
}
