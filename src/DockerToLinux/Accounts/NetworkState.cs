namespace DockerToLinux.Accounts;

/// <summary>What an image does about its network.</summary>
/// <param name="Configured">The mechanism that already configures a wired link, or null when none does.</param>
/// <param name="Usable">The mechanism d2l writes its configuration for when asked to.</param>
/// <param name="HasDhcpClient">For ifupdown: a DHCP client it can run is installed.</param>
public sealed record NetworkState(NetworkMechanism? Configured, NetworkMechanism Usable, bool HasDhcpClient);
