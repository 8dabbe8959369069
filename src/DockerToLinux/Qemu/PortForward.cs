using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DockerToLinux.Qemu;

/// <summary>
/// One host port forwarded to a guest port through QEMU's user networking (its <c>hostfwd</c>), written like
/// <c>docker run -p</c>: <c>[IP:]HOST:GUEST[/tcp|udp]</c>.
/// </summary>
/// <param name="HostAddress">The host address to listen on; null listens on every address, as Docker does.</param>
/// <param name="HostPort">The port on the host.</param>
/// <param name="GuestPort">The port in the guest (on the address QEMU's DHCP gives it).</param>
/// <param name="Udp">True for UDP, false for TCP.</param>
public sealed record PortForward(IPAddress? HostAddress, int HostPort, int GuestPort, bool Udp = false)
{
    /// <summary>Parses <c>[IP:]HOST:GUEST[/tcp|udp]</c>, with an IPv4 host address.</summary>
    /// <exception cref="D2lException">Anything else, or a port outside 1-65535.</exception>
    public static PortForward Parse(string text)
    {
        string what = $"'{text}'";
        string ports = text;
        bool udp = false;
        int slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            udp = text[(slash + 1)..] switch
            {
                "tcp" => false,
                "udp" => true,
                _ => throw D2lException.BadSetting(Setting.PortForwards, $"{what}: the protocol must be tcp or udp"),
            };
            ports = text[..slash];
        }
        string[] parts = ports.Split(':');
        if (parts.Length is not (2 or 3))
        {
            throw D2lException.BadSetting(Setting.PortForwards, $"{what}: expected [IP:]HOST_PORT:GUEST_PORT[/tcp|udp], such as 2222:22");
        }
        IPAddress? address = null;
        if (parts.Length == 3 && (!IPAddress.TryParse(parts[0], out address) || address.AddressFamily != AddressFamily.InterNetwork))
        {
            throw D2lException.BadSetting(Setting.PortForwards, $"{what}: '{parts[0]}' is not an IPv4 address to listen on");
        }
        return new PortForward(address, Port(parts[^2], what), Port(parts[^1], what), udp);
    }

    /// <summary>QEMU's <c>hostfwd=</c> value: <c>tcp:ADDR:HOST-:GUEST</c>.</summary>
    public string QemuValue => FormattableString.Invariant($"{(Udp ? "udp" : "tcp")}:{HostAddress}:{HostPort}-:{GuestPort}");

    private static int Port(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port
            : throw D2lException.BadSetting(Setting.PortForwards, $"{what}: '{text}' is not a port (1-65535)");
}
