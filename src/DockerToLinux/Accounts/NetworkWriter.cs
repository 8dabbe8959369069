using System.Text;

namespace DockerToLinux.Accounts;

/// <summary>Writes the network configuration through the mechanism the image has.</summary>
public static class NetworkWriter
{
    private const int PublicMode = 0b110_100_100;
    private const int ExecutableMode = 0b111_101_101;
    private const int RootOnlyMode = 0b110_000_000;

    /// <summary>
    /// Configures <paramref name="network"/> unless it is <see cref="NetworkMode.None"/>, or the default while
    /// the image configures its network itself.
    /// </summary>
    /// <exception cref="D2lException">An explicit network the image has no way to bring up.</exception>
    public static async Task WriteAsync(TreeWriter writer, NetworkSettings network, List<string> notes)
    {
        if (network.Mode == NetworkMode.None)
        {
            return;
        }
        var text = new StringBuilder(await writer.ReadTextAsync(NetworkDetection.InterfacesFile).ConfigureAwait(false) ?? string.Empty);
        foreach (string name in ImageSystem.List(writer.Tree, NetworkDetection.InterfacesDirectory))
        {
            text.Append('\n').Append(await writer.ReadTextAsync($"{NetworkDetection.InterfacesDirectory}/{name}").ConfigureAwait(false));
        }
        var state = NetworkDetection.Detect(writer.Tree, text.ToString());
        if (state.Configured is { } configured && !network.Explicit)
        {
            notes.Add($"network: kept the image's own configuration ({configured})");
            return;
        }
        switch (state.Usable)
        {
            case NetworkMechanism.SystemdNetworkd:
                await writer.WriteTextAsync(NetworkFiles.NetworkdPath, NetworkFiles.Networkd(network), PublicMode).ConfigureAwait(false);
                EnableNetworkd(writer);
                break;
            case NetworkMechanism.Ifupdown:
                RequireDhcpClient(network, state);
                await writer.WriteTextAsync(NetworkFiles.IfupdownPath, NetworkFiles.Ifupdown(network), PublicMode).ConfigureAwait(false);
                await writer.WriteTextAsync(NetworkFiles.IfupdownMappingPath, NetworkFiles.IfupdownMapping(), ExecutableMode, ExecutableMode)
                    .ConfigureAwait(false);
                await EnsureSourcedAsync(writer).ConfigureAwait(false);
                break;
            case NetworkMechanism.PlainIfupdown:
                RequireDhcpClient(network, state);
                string interfaces = await writer.ReadTextAsync(NetworkDetection.InterfacesFile).ConfigureAwait(false) ?? string.Empty;
                await writer.WriteTextAsync(NetworkDetection.InterfacesFile, interfaces + NetworkFiles.PlainIfupdown(network), PublicMode)
                    .ConfigureAwait(false);
                break;
            case NetworkMechanism.NetworkManager:
                await writer.WriteTextAsync(NetworkFiles.NetworkManagerPath, NetworkFiles.NetworkManager(network), RootOnlyMode, RootOnlyMode)
                    .ConfigureAwait(false);
                if (!ImageSystem.IsEnabled(writer.Tree, "NetworkManager.service") && ImageSystem.UnitPath(writer.Tree, "NetworkManager.service") is { } unit)
                {
                    writer.Enable("multi-user.target", unit);
                }
                break;
            case NetworkMechanism.AppInit:
                notes.Add("network: the image has no init; the app init brings the first link up with DHCP");
                break;
            default:
                if (network.Explicit)
                {
                    throw D2lException.BadSetting(Setting.Network, "the image has no systemd-networkd, ifupdown or NetworkManager to configure");
                }
                notes.Add("network: the image has no systemd-networkd, ifupdown or NetworkManager; left unconfigured");
                break;
        }
    }

    // The units `systemctl enable systemd-networkd` links on Debian: the service, its socket and D-Bus alias, the
    // generator and wait-online it names with Also= (each only when the image has it).
    private static void EnableNetworkd(TreeWriter writer)
    {
        if (ImageSystem.IsEnabled(writer.Tree, "systemd-networkd.service"))
        {
            return;
        }
        (string Target, string Unit)[] links =
        [
            ("multi-user.target", "systemd-networkd.service"),
            ("sockets.target", "systemd-networkd.socket"),
            ("sysinit.target", "systemd-network-generator.service"),
            ("network-online.target", "systemd-networkd-wait-online.service"),
        ];
        foreach (var (target, unit) in links)
        {
            if (ImageSystem.UnitPath(writer.Tree, unit) is { } path)
            {
                writer.Enable(target, path);
            }
        }
        if (ImageSystem.UnitPath(writer.Tree, "systemd-networkd.service") is { } service)
        {
            writer.Link($"{ImageSystem.LocalUnitDirectory}/dbus-org.freedesktop.network1.service", service);
        }
    }

    private static void RequireDhcpClient(NetworkSettings network, NetworkState state)
    {
        if (network.Mode == NetworkMode.Dhcp && !state.HasDhcpClient)
        {
            throw D2lException.BadSetting(Setting.Network,
                "the image brings its network up with ifupdown but has no DHCP client (isc-dhcp-client, dhcpcd or udhcpc)");
        }
    }

    // Debian's postinst writes an interfaces file that sources interfaces.d; an image without one gets it.
    private static async Task EnsureSourcedAsync(TreeWriter writer)
    {
        const string Source = "source /etc/network/interfaces.d/*";
        string? interfaces = await writer.ReadTextAsync(NetworkDetection.InterfacesFile).ConfigureAwait(false);
        if (interfaces is not null && (interfaces.Contains(Source, StringComparison.Ordinal)
            || interfaces.Contains("source-directory /etc/network/interfaces.d", StringComparison.Ordinal)
            || interfaces.Contains("source-directory interfaces.d", StringComparison.Ordinal)))
        {
            return;
        }
        string text = (interfaces is null or "" ? string.Empty : interfaces.TrimEnd('\n') + "\n\n")
            + "# Written by d2l: the stanzas in interfaces.d.\n" + Source + "\n";
        await writer.WriteTextAsync(NetworkDetection.InterfacesFile, text, PublicMode).ConfigureAwait(false);
    }
}
