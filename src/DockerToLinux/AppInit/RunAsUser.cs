namespace DockerToLinux.AppInit;

/// <summary>The identity the process runs with, resolved against the image's account files.</summary>
/// <param name="Uid">The user id.</param>
/// <param name="Gid">The primary group id.</param>
/// <param name="Groups">The supplementary groups, primary group first, as Docker sets them: the primary group
/// and, when the group was not given and the user has an account, every group that lists the account as a
/// member.</param>
/// <param name="Home">The account's home directory, or <c>/</c> without an account.</param>
/// <param name="Account">The account name whose memberships make <see cref="Groups"/> (the guest's
/// <c>initgroups</c> finds the same list in the same files), or null when the groups are just the primary
/// group.</param>
internal sealed record RunAsUser(long Uid, long Gid, IReadOnlyList<long> Groups, string Home, string? Account);
