using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class EnvironmentEntriesTests
{
    [Fact]
    public void An_image_without_path_gets_dockers_default_path_then_hostname_then_its_entries_then_home()
    {
        var environment = EnvironmentEntries.ForProcess(["A=1"], "box", "/home/app");
        Assert.Equal(new[] { EnvironmentEntries.DefaultPath, "HOSTNAME=box", "A=1", "HOME=/home/app" }, environment);
    }

    [Fact]
    public void The_images_path_and_home_replace_the_defaults()
    {
        var environment = EnvironmentEntries.ForProcess(["HOME=/data", "PATH=/opt/bin"], "box", "/root");
        Assert.Equal(new[] { "PATH=/opt/bin", "HOSTNAME=box", "HOME=/data" }, environment);
    }
}
