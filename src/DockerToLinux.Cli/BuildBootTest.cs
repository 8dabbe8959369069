using DockerToLinux.Disks;
using DockerToLinux.Qemu;

namespace DockerToLinux.Cli;

/// <summary>
/// <c>d2l build … --boot-test</c>: boots the disk just written, with <c>d2l boot</c>'s defaults, and
/// leaves it in place whatever happens so that a failure can be looked at.
/// </summary>
internal static class BuildBootTest
{
    /// <summary>Boots <paramref name="diskPath"/>; returns 0 when it reaches a login prompt, 1 otherwise.</summary>
    public static async Task<int> RunAsync(string diskPath, int timeoutSeconds, CancellationToken cancellationToken)
    {
        if (timeoutSeconds <= 0)
        {
            throw D2lException.BadInput("--boot-timeout", $"{timeoutSeconds} is not a positive number");
        }
        var format = await DiskFormatDetector.DetectAsync(diskPath, cancellationToken).ConfigureAwait(false);
        var options = new BootOptions(diskPath, format)
            .WithTimeout(TimeSpan.FromSeconds(timeoutSeconds));
        Console.Error.WriteLine($"d2l: boot test: booting {diskPath}");
        var result = await new QemuBootRunner().RunAsync(options, TextWriter.Null, cancellationToken).ConfigureAwait(false);
        BootReport.WriteText(Console.Error, Path.GetFileName(diskPath), result);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"d2l: boot test failed; {diskPath} is kept: look with d2l boot --interactive {diskPath}");
        }
        return result.Succeeded ? ExitCode.Success : ExitCode.CheckFailed;
    }
}
