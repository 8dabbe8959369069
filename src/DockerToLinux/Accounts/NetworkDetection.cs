using DockerToLinux.RootFs;

namespace DockerToLinux.Accounts;

/// <summary>Finds how an image brings its network up, from its files alone.</summary>
public static class NetworkDetection
{
    /// <summary>Where the ifupdown text given to <see cref="Detect"/> comes from.</summary>
    public const string InterfacesFile = "/etc/network/interfaces";

    /// <summary>The directory Debian's interfaces file sources.</summary>
    public const string InterfacesDirectory = "/etc/network/interfaces.d";

    /// <summary>The DHCP clients ifupdown can run, in the order it tries them.</summary>
    public static readonly IReadOnlyList<string> DhcpClients =
    [
        "/sbin/dhclient", "/usr/sbin/dhclient", "/sbin/dhcpcd", "/usr/sbin/dhcpcd", "/sbin/pump", "/usr/sbin/pump",
        "/sbin/udhcpc", "/usr/sbin/udhcpc",
    ];

    /// <summary>
    /// The image's network state. A mechanism counts as configuring the network when it is enabled and has a
    /// configuration for something other than loopback (NetworkManager configures every wired link itself).
    /// When none does, d2l uses what the image enables, else systemd-networkd under systemd, else ifupdown,
    /// else NetworkManager.
    /// </summary>
    /// <param name="tree">The image's tree.</param>
    /// <param name="ifupdownText">/etc/network/interfaces and every file in interfaces.d, concatenated ("" if none).</param>
    public static NetworkState Detect(FileTree tree, string ifupdownText)
    {
        var init = ImageSystem.Init(tree);
        bool systemd = init == InitSystem.Systemd;
        bool networkdEnabled = systemd && ImageSystem.IsEnabled(tree, "systemd-networkd.service");
        bool managerEnabled = systemd && ImageSystem.IsEnabled(tree, "NetworkManager.service");
        bool networkdInstalled = ImageSystem.FirstFile(tree, "/usr/lib/systemd/systemd-networkd", "/lib/systemd/systemd-networkd") is not null;
        bool managerInstalled = ImageSystem.FirstFile(tree, "/usr/sbin/NetworkManager", "/sbin/NetworkManager") is not null;
        bool ifupInstalled = ImageSystem.FirstFile(tree, "/sbin/ifup", "/usr/sbin/ifup", "/bin/ifup") is not null;
        // Debian's package is the one with udev hotplug, interfaces.d and patterns; busybox's and Alpine's are not.
        bool debianIfupdown = ImageSystem.FirstFile(tree, "/lib/udev/ifupdown-hotplug", "/usr/lib/udev/ifupdown-hotplug") is not null;
        var ifupdown = debianIfupdown ? NetworkMechanism.Ifupdown : NetworkMechanism.PlainIfupdown;
        bool ifupdownConfigured = ifupInstalled && ConfiguresInterface(ifupdownText);

        NetworkMechanism? configured =
            ImageSystem.List(tree, "/etc/netplan").Any(name => name.EndsWith(".yaml", StringComparison.Ordinal)) ? NetworkMechanism.Netplan
            : managerEnabled ? NetworkMechanism.NetworkManager
            : networkdEnabled && HasNetworkFile(tree) ? NetworkMechanism.SystemdNetworkd
            : ifupdownConfigured ? ifupdown
            : null;

        NetworkMechanism usable =
            init == InitSystem.None ? NetworkMechanism.AppInit
            : managerEnabled ? NetworkMechanism.NetworkManager
            : networkdEnabled ? NetworkMechanism.SystemdNetworkd
            : systemd && ifupInstalled && ImageSystem.IsEnabled(tree, "networking.service") ? ifupdown
            : systemd && networkdInstalled ? NetworkMechanism.SystemdNetworkd
            : ifupInstalled ? ifupdown
            : managerInstalled && systemd ? NetworkMechanism.NetworkManager
            : NetworkMechanism.None;
        bool dhcpClient = DhcpClients.Any(path => ImageSystem.IsFile(tree, path));
        return new NetworkState(configured, usable, dhcpClient);
    }

    /// <summary>True if ifupdown text has an <c>iface</c> stanza for anything but loopback.</summary>
    public static bool ConfiguresInterface(string text) =>
        text.Split('\n').Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Any(words => words.Length >= 2 && words[0] == "iface" && words[1] != "lo");

    // Only the administrator's directory: the .network files systemd ships match containers' links, not a VM's.
    private static bool HasNetworkFile(FileTree tree) =>
        ImageSystem.List(tree, "/etc/systemd/network").Any(name => name.EndsWith(".network", StringComparison.Ordinal)
            && tree.Lookup($"/etc/systemd/network/{name}")?.Node is not { Kind: NodeKind.Symlink, LinkTarget: "/dev/null" });
}
