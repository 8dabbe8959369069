using DockerToLinux.Qemu;

namespace DockerToLinux.Tests.Qemu;

/// <summary>Port forwards written like docker run -p, and the hostfwd values QEMU gets for them.</summary>
public class PortForwardTests
{
    [Theory]
    [InlineData("2222:22", "tcp::2222-:22")]
    [InlineData("127.0.0.1:8080:80", "tcp:127.0.0.1:8080-:80")]
    [InlineData("5353:53/udp", "udp::5353-:53")]
    [InlineData("10.1.2.3:443:8443/tcp", "tcp:10.1.2.3:443-:8443")]
    public void A_forward_becomes_QEMUs_hostfwd_value(string text, string hostfwd)
    {
        Assert.Equal(hostfwd, PortForward.Parse(text).QemuValue);
    }

    [Theory]
    [InlineData("22")]
    [InlineData("0:22")]
    [InlineData("2222:65536")]
    [InlineData("2222:22/sctp")]
    [InlineData("::1:2222:22")]
    [InlineData("localhost:2222:22")]
    [InlineData("a:b")]
    public void Anything_else_is_refused_as_a_bad_publish_setting(string text)
    {
        var error = Assert.Throws<D2lException>(() => PortForward.Parse(text));

        Assert.Equal((FailureKind.BadInput, Setting.PortForwards), (error.Kind, error.Setting));
    }

    [Fact]
    public void The_user_network_card_carries_every_forward()
    {
        var options = new BootOptions("/disk.img").WithPortForwards([PortForward.Parse("2222:22"), PortForward.Parse("127.0.0.1:8080:80")]);

        var args = QemuCommandLine.Build(options, QemuCommandLine.Tcg, "/tmp/fw.log").ToList();

        Assert.Equal("user,model=virtio-net-pci,hostfwd=tcp::2222-:22,hostfwd=tcp:127.0.0.1:8080-:80", args[args.IndexOf("-nic") + 1]);
    }

    [Fact]
    public void One_host_port_forwarded_twice_is_refused()
    {
        var error = Assert.Throws<D2lException>(() =>
            new BootOptions("/disk.img").WithPortForwards([PortForward.Parse("2222:22"), PortForward.Parse("127.0.0.1:2222:80")]));

        Assert.Equal("host port 2222 is forwarded more than once", error.Message);
    }
}
