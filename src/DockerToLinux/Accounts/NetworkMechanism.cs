namespace DockerToLinux.Accounts;

/// <summary>The piece of the image that brings its network up.</summary>
public enum NetworkMechanism
{
    /// <summary>Nothing d2l can configure: the image has no network manager d2l knows.</summary>
    None,

    /// <summary>systemd-networkd: .network files in /etc/systemd/network.</summary>
    SystemdNetworkd,

    /// <summary>Debian's ifupdown: /etc/network/interfaces and interfaces.d, brought up by udev hotplug.</summary>
    Ifupdown,

    /// <summary>busybox's or Alpine's ifupdown: /etc/network/interfaces only, brought up by <c>ifup -a</c>.</summary>
    PlainIfupdown,

    /// <summary>NetworkManager: keyfiles in /etc/NetworkManager/system-connections.</summary>
    NetworkManager,

    /// <summary>netplan, which renders to networkd or NetworkManager; d2l only recognises it.</summary>
    Netplan,

    /// <summary>No init: the app init that runs the image's command brings the link up with DHCP.</summary>
    AppInit,
}
