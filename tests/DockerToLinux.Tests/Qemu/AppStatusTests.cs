using DockerToLinux.Qemu;

namespace DockerToLinux.Tests.Qemu;

public class AppStatusTests
{
    [Theory]
    [InlineData("init", nameof(AppStatusKind.Init), 0)]
    [InlineData("started", nameof(AppStatusKind.Started), 0)]
    [InlineData("input", nameof(AppStatusKind.Input), 0)]
    [InlineData("exit 137", nameof(AppStatusKind.Exit), 137)]
    public void The_init_status_lines_are_read_as_their_events(string line, string kind, int value)
    {
        Assert.Equal(new AppStatus(Enum.Parse<AppStatusKind>(kind), value), AppStatus.Parse(line));
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("exit -1")]
    [InlineData("stop")]
    [InlineData("")]
    public void Other_lines_are_no_status(string line)
    {
        Assert.Null(AppStatus.Parse(line));
    }

    [Fact]
    public void An_app_vm_gets_its_control_channel_on_the_second_serial_port_through_the_given_socket()
    {
        var args = QemuCommandLine.Build(new BootOptions("/d.img").WithApp(CancellationToken.None), QemuCommandLine.Tcg, "/tmp/fw.log",
            controlSocketPath: "/run/a,b.sock");

        string line = string.Join(' ', args);
        Assert.Contains("-serial stdio -monitor none -chardev socket,id=ctl,path=/run/a,,b.sock -serial chardev:ctl", line);
        Assert.Contains("-no-reboot", line);
    }
}
