using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DockerToLinux.Accounts;

/// <summary>The network the machine should have. Immutable; use <c>with</c> to vary.</summary>
public sealed record NetworkSettings
{
    /// <summary>DHCP, as asked by nobody: written only for images that configure no network themselves.</summary>
    public static NetworkSettings Default { get; } = new();

    /// <summary>DHCP, static or none.</summary>
    public NetworkMode Mode { get; init; } = NetworkMode.Dhcp;

    /// <summary>The static address with its prefix length, for <see cref="NetworkMode.Static"/>.</summary>
    public (IPAddress Address, int Prefix)? Address { get; init; }

    /// <summary>The default gateway for a static address, or null.</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>Name servers written into the network configuration (in order).</summary>
    public IReadOnlyList<IPAddress> NameServers { get; init; } = [];

    /// <summary>
    /// True when the user asked for this network: then it replaces a configuration the image has. False for
    /// the default, which only fills in for images that configure nothing.
    /// </summary>
    public bool Explicit { get; init; }

    /// <summary>Parses <c>dhcp</c>, <c>none</c> or <c>static:ADDR/PREFIX[,GATEWAY]</c> (IPv4 or IPv6).</summary>
    /// <exception cref="D2lException">Anything else.</exception>
    public static NetworkSettings Parse(string text)
    {
        const string Static = "static:";
        if (text == "dhcp")
        {
            return new NetworkSettings { Explicit = true };
        }
        if (text == "none")
        {
            return new NetworkSettings { Mode = NetworkMode.None, Explicit = true };
        }
        string what = $"network '{text}'";
        if (!text.StartsWith(Static, StringComparison.Ordinal))
        {
            throw D2lException.BadSetting(Setting.Network, $"{what}: expected dhcp, none or static:ADDRESS/PREFIX[,GATEWAY]");
        }
        string[] parts = text[Static.Length..].Split(',');
        string[] cidr = parts[0].Split('/');
        if (parts.Length > 2 || cidr.Length != 2 || !IPAddress.TryParse(cidr[0], out var address)
            || !int.TryParse(cidr[1], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            throw D2lException.BadSetting(Setting.Network, $"{what}: the address must be ADDRESS/PREFIX, such as 10.0.2.15/24");
        }
        IPAddress? gateway = null;
        if (parts.Length == 2 && (!IPAddress.TryParse(parts[1], out gateway) || gateway.AddressFamily != address.AddressFamily))
        {
            throw D2lException.BadSetting(Setting.Network, $"{what}: the gateway must be an address of the same family, such as 10.0.2.2");
        }
        return new NetworkSettings { Mode = NetworkMode.Static, Address = (address, prefix), Gateway = gateway, Explicit = true };
    }

    /// <summary>Parses one name server address.</summary>
    /// <exception cref="D2lException">Not an IP address.</exception>
    public static IPAddress ParseNameServer(string text) =>
        IPAddress.TryParse(text, out var address) && !text.Contains('/')
            ? address
            : throw D2lException.BadSetting(Setting.NameServers, $"name server '{text}': not an IP address");

    /// <summary>The static address as <c>ADDR/PREFIX</c>.</summary>
    public string? AddressText => Address is { } cidr ? $"{cidr.Address}/{cidr.Prefix}" : null;
}
