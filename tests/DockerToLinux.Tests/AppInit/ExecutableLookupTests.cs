using DockerToLinux.AppInit;
using DockerToLinux.Tests.Boot;

namespace DockerToLinux.Tests.AppInit;

public class ExecutableLookupTests
{
    private static TreeBuilder Image()
    {
        var t = new TreeBuilder();
        t.File("/bin/busybox", "elf", 0b111_101_101);
        t.Link("/bin/sh", "busybox");
        t.File("/usr/local/bin/tool", "not executable");
        t.File("/usr/bin/tool", "elf", 0b111_101_101);
        t.File("/srv/run.sh", "script", 0b111_101_101);
        return t;
    }

    [Fact]
    public void A_bare_name_is_the_first_executable_in_path_order_skipping_files_without_execute_bits()
    {
        Assert.Equal("/usr/bin/tool", ExecutableLookup.Find(Image().Tree, "tool", "/usr/local/bin:/usr/bin", "/"));
    }

    [Fact]
    public void A_name_found_through_a_symlink_keeps_the_symlinks_path()
    {
        Assert.Equal("/bin/sh", ExecutableLookup.Find(Image().Tree, "sh", "/usr/bin:/bin", "/"));
    }

    [Fact]
    public void A_name_with_a_slash_is_taken_relative_to_the_working_directory()
    {
        Assert.Equal("/srv/./run.sh", ExecutableLookup.Find(Image().Tree, "./run.sh", "/bin", "/srv"));
    }

    [Fact]
    public void A_name_in_no_path_directory_is_not_found()
    {
        Assert.Null(ExecutableLookup.Find(Image().Tree, "tool", "/bin:/sbin", "/"));
    }
}
