namespace DockerToLinux.Accounts;

/// <summary>How the machine gets its IPv4 address.</summary>
public enum NetworkMode
{
    /// <summary>From a DHCP server on the first wired link (QEMU's user network has one).</summary>
    Dhcp,

    /// <summary>d2l writes no network configuration.</summary>
    None,

    /// <summary>A fixed address, prefix and optional gateway.</summary>
    Static,
}
