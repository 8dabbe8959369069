using System.Net.Sockets;
using System.Text;

namespace DockerToLinux.Accounts;

/// <summary>
/// The text of the network configuration d2l writes, per mechanism. Every one matches wired links by kind
/// (<c>en*</c>, <c>eth*</c>) rather than by one name, because QEMU, VirtualBox, VMware and Hyper-V name the
/// first link differently (ens3, enp0s2, enp0s3, ens33, eth0).
/// </summary>
public static class NetworkFiles
{
    /// <summary>systemd-networkd's file; "10-" sorts before the image's own, so the first match is d2l's.</summary>
    public const string NetworkdPath = "/etc/systemd/network/10-d2l-wired.network";

    /// <summary>ifupdown's stanza file in interfaces.d.</summary>
    public const string IfupdownPath = "/etc/network/interfaces.d/d2l-wired";

    /// <summary>The ifupdown mapping script that names every wired link <see cref="LogicalInterface"/>.</summary>
    public const string IfupdownMappingPath = "/etc/network/d2l-wired-mapping";

    /// <summary>The logical ifupdown interface every wired link maps to.</summary>
    public const string LogicalInterface = "d2l-wired";

    /// <summary>NetworkManager's keyfile.</summary>
    public const string NetworkManagerPath = "/etc/NetworkManager/system-connections/d2l-wired.nmconnection";

    // NetworkManager needs a UUID per connection; one fixed UUID is right, since each machine has this file once.
    private const string ConnectionUuid = "5d2c1a3e-0f4b-4c7e-9a61-d2100000e7e1";

    /// <summary>The .network file for systemd-networkd.</summary>
    public static string Networkd(NetworkSettings network)
    {
        var text = new StringBuilder("# Written by d2l: every wired link, whatever the hypervisor names it.\n");
        text.Append("[Match]\nName=en* eth*\n\n[Network]\n");
        if (network.Mode == NetworkMode.Dhcp)
        {
            text.Append("DHCP=yes\n");
        }
        else
        {
            text.Append("Address=").Append(network.AddressText).Append('\n');
            if (network.Gateway is { } gateway)
            {
                text.Append("Gateway=").Append(gateway).Append('\n');
            }
        }
        foreach (var server in network.NameServers)
        {
            text.Append("DNS=").Append(server).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Debian ifupdown's stanzas: <c>allow-hotplug</c> with patterns, so udev brings up each wired link as it
    /// appears, and a mapping that makes every such link the one logical interface configured here.
    /// </summary>
    public static string Ifupdown(NetworkSettings network)
    {
        var text = new StringBuilder("# Written by d2l: every wired link, whatever the hypervisor names it, is brought up\n");
        text.Append("# by udev when it appears and configured as the logical interface ").Append(LogicalInterface).Append(".\n");
        text.Append("allow-hotplug /en* /eth*\n\n");
        text.Append("mapping en* eth*\n\tscript ").Append(IfupdownMappingPath).Append("\n\n");
        AppendIfupdownStanza(text, LogicalInterface, network);
        return text.ToString();
    }

    /// <summary>The mapping script: prints the logical interface for any physical one.</summary>
    public static string IfupdownMapping() =>
        $"#!/bin/sh\n# Written by d2l: ifupdown maps every wired link ($1) to one logical interface.\necho {LogicalInterface}\n";

    /// <summary>
    /// Stanzas for busybox's and Alpine's ifupdown, appended to /etc/network/interfaces: <c>ifup -a</c> at boot
    /// knows no patterns, and without udev the kernel's first link is eth0.
    /// </summary>
    public static string PlainIfupdown(NetworkSettings network)
    {
        var text = new StringBuilder("\n# Written by d2l: the first wired link (without udev the kernel names it eth0).\nauto eth0\n");
        AppendIfupdownStanza(text, "eth0", network);
        return text.ToString();
    }

    /// <summary>The NetworkManager keyfile: an Ethernet connection, which NetworkManager applies to any wired link.</summary>
    public static string NetworkManager(NetworkSettings network)
    {
        bool v6 = network.Address is { } a && a.Address.AddressFamily == AddressFamily.InterNetworkV6;
        var text = new StringBuilder("# Written by d2l: every wired link.\n");
        text.Append("[connection]\nid=").Append(LogicalInterface).Append("\nuuid=").Append(ConnectionUuid)
            .Append("\ntype=ethernet\nautoconnect=true\nautoconnect-priority=10\n\n");
        string dns = string.Concat(network.NameServers.Select(server => server + ";"));
        if (network.Mode == NetworkMode.Dhcp)
        {
            text.Append("[ipv4]\nmethod=auto\n");
            AppendIfAny(text, "dns=", dns);
            text.Append("\n[ipv6]\nmethod=auto\n");
        }
        else
        {
            string gateway = network.Gateway is { } g ? "," + g : string.Empty;
            text.Append(v6 ? "[ipv4]\nmethod=disabled\n\n[ipv6]\n" : "[ipv4]\n");
            text.Append("method=manual\naddress1=").Append(network.AddressText).Append(gateway).Append('\n');
            AppendIfAny(text, "dns=", dns);
            if (!v6)
            {
                text.Append("\n[ipv6]\nmethod=auto\n");
            }
        }
        return text.ToString();
    }

    private static void AppendIfupdownStanza(StringBuilder text, string name, NetworkSettings network)
    {
        if (network.Mode == NetworkMode.Dhcp)
        {
            text.Append("iface ").Append(name).Append(" inet dhcp\n");
        }
        else
        {
            string family = network.Address!.Value.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "inet6" : "inet";
            text.Append("iface ").Append(name).Append(' ').Append(family).Append(" static\n");
            text.Append("\taddress ").Append(network.AddressText).Append('\n');
            if (network.Gateway is { } gateway)
            {
                text.Append("\tgateway ").Append(gateway).Append('\n');
            }
        }
        // Read by the resolvconf package when installed; otherwise /etc/resolv.conf holds the servers.
        AppendIfAny(text, "\tdns-nameservers ", string.Join(' ', network.NameServers.Select(server => server.ToString())));
    }

    private static void AppendIfAny(StringBuilder text, string key, string value)
    {
        if (value.Length > 0)
        {
            text.Append(key).Append(value).Append('\n');
        }
    }
}
