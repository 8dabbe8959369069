namespace DockerToLinux.Accounts;

/// <summary>One user to add to the image. Immutable; use <c>with</c> to vary.</summary>
public sealed record UserAccount
{
    /// <summary>The login name (see <see cref="AccountName"/>).</summary>
    public required string Name { get; init; }

    /// <summary>A password to hash with SHA-512 crypt; null for no password login (<c>*</c> in /etc/shadow).</summary>
    public string? Password { get; init; }

    /// <summary>The uid; null takes the first free one from UID_MIN, as useradd does.</summary>
    public long? Uid { get; init; }

    /// <summary>Supplementary groups, created when the image has none of that name.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>authorized_keys lines for the user's ~/.ssh/authorized_keys.</summary>
    public IReadOnlyList<string> SshKeys { get; init; } = [];
}
