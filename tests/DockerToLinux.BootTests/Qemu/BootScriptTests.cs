using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>
/// <c>qemu/boot-bios.sh</c> is the command line d2l runs, for people: both are run against a stand-in
/// <c>qemu-system-x86_64</c> that prints its arguments, and must hand it the same ones.
/// </summary>
public sealed class BootScriptTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public void The_bios_script_runs_exactly_the_command_line_d2l_prints()
    {
        string disk = _temp.File("disk,with comma.img");
        File.WriteAllBytes(disk, new byte[1024 * 1024]);
        string fakeQemuFolder = Directory.CreateDirectory(_temp.File("bin")).FullName;
        string fakeQemu = Path.Combine(fakeQemuFolder, "qemu-system-x86_64");
        File.WriteAllText(fakeQemu, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        File.SetUnixFileMode(fakeQemu, (UnixFileMode)0b111_101_101);
        string path = $"{fakeQemuFolder}:{Environment.GetEnvironmentVariable("PATH")}";
        string script = Path.Combine(DebianTemplate.RepositoryRoot(), "qemu", "boot-bios.sh");

        string printed = D2lProcess.Run(["boot", disk, "--print-command"]).EnsureSuccess("d2l boot --print-command").StdOut.Trim();
        var fromD2l = Tool.Run("env", $"PATH={path}", "bash", "-c", printed).EnsureSuccess("the printed command");
        var fromScript = Tool.Run("env", $"PATH={path}", "bash", script, disk, "raw").EnsureSuccess("boot-bios.sh");

        Assert.StartsWith("qemu-system-x86_64 -accel tcg", printed);
        Assert.Contains("-snapshot", fromScript.StdOut);
        Assert.Equal(fromD2l.StdOut, fromScript.StdOut);
    }

    public void Dispose() => _temp.Dispose();
}
