namespace DockerToLinux.Accounts;

/// <summary>The account files after adding a user, and the ids the user got.</summary>
/// <param name="Tables">The edited files.</param>
/// <param name="Uid">The user's uid.</param>
/// <param name="Gid">The gid of the user's own group.</param>
/// <param name="Home">The home directory written in /etc/passwd.</param>
public sealed record AddedAccount(AccountTables Tables, long Uid, long Gid, string Home);
