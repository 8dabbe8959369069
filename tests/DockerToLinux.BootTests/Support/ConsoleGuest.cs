using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// Disks with a known root password, built and booted by the real d2l as nobody, and a command run on their serial
/// console the way <c>d2l boot --login root:… --run</c> does it for users.
/// </summary>
public static class ConsoleGuest
{
    /// <summary>Root's password on every disk <see cref="Build"/> makes.</summary>
    public const string RootPassword = "d2l-test";

    /// <summary>How long one boot may take under TCG on a busy machine.</summary>
    public static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(8);

    /// <summary>Builds <paramref name="archive"/> into <paramref name="name"/> in <paramref name="temp"/> with <see cref="RootPassword"/>.</summary>
    public static string Build(TempDir temp, string archive, string name, params string[] options)
    {
        string passwordFile = temp.File("root-password");
        File.WriteAllText(passwordFile, RootPassword + "\n");
        File.SetUnixFileMode(passwordFile, (UnixFileMode)0b110_100_100);
        string disk = temp.File(name);
        D2lProcess.RunAsNobody(temp, ["build", $"oci-archive:{archive}", "-o", disk, "--root-password-file", passwordFile, .. options])
            .EnsureSuccess($"d2l build {string.Join(' ', options)}");
        return disk;
    }

    /// <summary>Boots <paramref name="disk"/> with <c>d2l boot</c>, logs in as root and runs <paramref name="command"/>.</summary>
    /// <returns>The command's output.</returns>
    public static string Run(TempDir temp, ITestOutputHelper output, string disk, string command, params string[] bootOptions)
    {
        var clock = Stopwatch.StartNew();
        var run = D2lProcess.RunAsNobody(temp, ["boot", disk, .. bootOptions, "--timeout", BootLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--login", $"root:{RootPassword}", "--run", command], timeout: BootLimit * 2);
        output.WriteLine($"{Path.GetFileName(disk)}: d2l boot {string.Join(' ', bootOptions)}, login and command took {clock.Elapsed.TotalSeconds:0} s\n{run.StdErr}");
        Assert.True(run.ExitCode == 0, $"d2l boot --run exited {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        return run.StdOut;
    }
}
