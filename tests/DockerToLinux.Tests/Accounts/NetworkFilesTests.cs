using System.Net;
using DockerToLinux.Accounts;

namespace DockerToLinux.Tests.Accounts;

public class NetworkFilesTests
{
    private static readonly NetworkSettings Static = NetworkSettings.Parse("static:192.168.10.5/24,192.168.10.1") with
    {
        NameServers = [IPAddress.Parse("9.9.9.9"), IPAddress.Parse("1.1.1.1")],
    };

    [Fact]
    public void A_static_network_parses_address_prefix_and_gateway()
    {
        Assert.Equal((NetworkMode.Static, "192.168.10.5/24", "192.168.10.1", true),
            (Static.Mode, Static.AddressText, Static.Gateway?.ToString(), Static.Explicit));
    }

    [Theory]
    [InlineData("static:10.0.0.5")]
    [InlineData("static:10.0.0.5/33")]
    [InlineData("static:10.0.0.5/24,fe80::1")]
    [InlineData("dhcp4")]
    public void A_malformed_network_is_bad_input(string text)
    {
        Assert.Equal(FailureKind.BadInput, Assert.Throws<D2lException>(() => NetworkSettings.Parse(text)).Kind);
    }

    [Fact]
    public void Networkd_matches_every_wired_link_with_the_static_address_gateway_and_name_servers()
    {
        Assert.Equal("# Written by d2l: every wired link, whatever the hypervisor names it.\n[Match]\nName=en* eth*\n\n[Network]\n"
            + "Address=192.168.10.5/24\nGateway=192.168.10.1\nDNS=9.9.9.9\nDNS=1.1.1.1\n", NetworkFiles.Networkd(Static));
        Assert.EndsWith("[Network]\nDHCP=yes\n", NetworkFiles.Networkd(NetworkSettings.Default));
    }

    [Fact]
    public void Ifupdown_brings_up_wired_links_by_pattern_and_maps_them_to_one_logical_interface()
    {
        string text = NetworkFiles.Ifupdown(Static);

        Assert.Contains("allow-hotplug /en* /eth*\n\nmapping en* eth*\n\tscript /etc/network/d2l-wired-mapping\n\n", text);
        Assert.EndsWith("iface d2l-wired inet static\n\taddress 192.168.10.5/24\n\tgateway 192.168.10.1\n\tdns-nameservers 9.9.9.9 1.1.1.1\n", text);
        Assert.EndsWith("\necho d2l-wired\n", NetworkFiles.IfupdownMapping());
        Assert.EndsWith("auto eth0\niface eth0 inet dhcp\n", NetworkFiles.PlainIfupdown(NetworkSettings.Default));
    }

    [Fact]
    public void The_NetworkManager_keyfile_sets_a_manual_address_with_gateway_and_dns()
    {
        string text = NetworkFiles.NetworkManager(Static);

        Assert.Contains("type=ethernet\n", text);
        Assert.Contains("[ipv4]\nmethod=manual\naddress1=192.168.10.5/24,192.168.10.1\ndns=9.9.9.9;1.1.1.1;\n", text);
    }
}
