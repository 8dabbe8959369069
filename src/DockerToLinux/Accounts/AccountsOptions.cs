namespace DockerToLinux.Accounts;

/// <summary>What <see cref="AccountsPreparer"/> writes into the image. Immutable; use <c>with</c> to vary.</summary>
public sealed record AccountsOptions
{
    /// <summary>Users to add, in order (uids are given out in this order).</summary>
    public IReadOnlyList<UserAccount> Users { get; init; } = [];

    /// <summary>authorized_keys lines for root.</summary>
    public IReadOnlyList<string> RootSshKeys { get; init; } = [];

    /// <summary>The network to configure; the default fills in DHCP only where the image configures nothing.</summary>
    public NetworkSettings Network { get; init; } = NetworkSettings.Default;

    /// <summary>The build's clock: modification time of written files and the shadow "last changed" day.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>When set, each user's crypt salt is derived from it and the user's name (reproducible builds).</summary>
    public byte[]? SaltSeed { get; init; }
}
