using System.Diagnostics;
using System.Text;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Support;

/// <summary>
/// What KVM does with the shared Debian disk on this machine, found out without d2l: QEMU started by
/// <c>qemu/boot-bios.sh</c> with <c>D2L_ACCEL=kvm</c>, watched until the console shows a login prompt or QEMU
/// reports that KVM failed. Nested VMs often have a <c>/dev/kvm</c> that cannot run a boot loader's
/// protected-mode switch; the tests of <c>d2l boot --accel kvm</c> expect d2l to agree with this referee.
/// </summary>
public static class KvmOnThisMachine
{
    // A KVM boot reaches its login prompt in seconds; a broken KVM stops QEMU sooner still.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(150);

    /// <summary>Why KVM cannot be tried here by the test's user, or null when it may open <c>/dev/kvm</c>.</summary>
    public static string? WhyNotUsable()
    {
        try
        {
            using var device = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"/dev/kvm cannot be opened here ({e.Message})";
        }
    }

    /// <summary>Why <c>nobody</c> may open <c>/dev/kvm</c> here, or null when it may not (as on a default install).</summary>
    public static string? WhyNobodyMayUseIt() =>
        Tool.Run("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", "sh", "-c", "test -r /dev/kvm && test -w /dev/kvm").ExitCode == 0
            ? "nobody may open /dev/kvm on this machine"
            : null;

    /// <summary>
    /// Null when QEMU under KVM boots <paramref name="disk"/> to its login prompt; otherwise what went wrong
    /// (QEMU's own line, or that nothing came within the limit).
    /// </summary>
    public static async Task<string?> FailureBootingAsync(string disk)
    {
        string script = Path.Combine(DebianTemplate.RepositoryRoot(), "qemu", "boot-bios.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(disk);
        info.Environment["D2L_ACCEL"] = "kvm";
        using var scratch = new TempDir();
        info.Environment["D2L_FIRMWARE_LOG"] = scratch.File("firmware.log");
        using var qemu = Process.Start(info)!;
        var seen = new StringBuilder();
        var verdict = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (seen)
            {
                seen.AppendLine(line);
            }
            if (line.Contains("login:", StringComparison.Ordinal))
            {
                verdict.TrySetResult(null);
            }
            else if (line.Contains("KVM internal error", StringComparison.Ordinal))
            {
                verdict.TrySetResult(line.Trim());
            }
        }
        qemu.OutputDataReceived += (_, e) => Watch(e.Data);
        qemu.ErrorDataReceived += (_, e) => Watch(e.Data);
        qemu.BeginOutputReadLine();
        qemu.BeginErrorReadLine();
        var exited = qemu.WaitForExitAsync();
        var first = await Task.WhenAny(verdict.Task, exited, Task.Delay(Limit));
        if (!qemu.HasExited)
        {
            qemu.Kill(entireProcessTree: true);
            await qemu.WaitForExitAsync();
        }
        if (first == verdict.Task)
        {
            return await verdict.Task;
        }
        return first == exited
            ? $"QEMU under KVM exited ({qemu.ExitCode}) before a login prompt"
            : $"QEMU under KVM showed no login prompt within {Limit.TotalSeconds:0} s";
    }
}

/// <summary>A fact that needs a <c>/dev/kvm</c> the test's user may open; skipped, with the reason, elsewhere.</summary>
public sealed class KvmFactAttribute : FactAttribute
{
    /// <summary>Skips the test where <c>/dev/kvm</c> is missing or closed to the test's user.</summary>
    public KvmFactAttribute() => Skip = KvmOnThisMachine.WhyNotUsable();
}

/// <summary>A fact that needs <c>nobody</c> to be barred from <c>/dev/kvm</c>; skipped, with the reason, elsewhere.</summary>
public sealed class KvmClosedToNobodyFactAttribute : FactAttribute
{
    /// <summary>Skips the test where <c>nobody</c> may open <c>/dev/kvm</c>.</summary>
    public KvmClosedToNobodyFactAttribute() => Skip = KvmOnThisMachine.WhyNobodyMayUseIt();
}
