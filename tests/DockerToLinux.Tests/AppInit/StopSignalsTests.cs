using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class StopSignalsTests
{
    [Theory]
    [InlineData(null, 15)]
    [InlineData("SIGQUIT", 3)]
    [InlineData("int", 2)]
    [InlineData("9", 9)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("RTMAX-1", 63)]
    public void A_stop_signal_is_read_as_docker_reads_it(string? name, int number) =>
        Assert.Equal(number, StopSignals.Parse(name));

    [Theory]
    [InlineData("SIGFOO")]
    [InlineData("0")]
    [InlineData("65")]
    public void A_name_or_number_linux_lacks_is_refused(string name) =>
        Assert.Throws<D2lException>(() => StopSignals.Parse(name));
}
