namespace DockerToLinux.Qemu;

/// <summary>
/// Turns what one failed QEMU run showed (how it ended, the failure signs and stages seen, the firmware's
/// debug port, the last console lines) into a <see cref="BootDiagnosis"/>.
/// </summary>
internal static class DiagnosisBuilder
{
    private const int EvidenceLines = 6;

    /// <summary>Builds the diagnosis of a run that did not succeed.</summary>
    /// <param name="end">How the run ended.</param>
    /// <param name="detail">The run's own one-line reason (timeout, QEMU exit, KVM error).</param>
    /// <param name="sign">The most specific failure sign seen, with its line, or null.</param>
    /// <param name="stages">The stages reached.</param>
    /// <param name="firmwareLog">SeaBIOS's debug port output.</param>
    /// <param name="lastLines">The last console lines.</param>
    public static BootDiagnosis Build(AttemptEnd end, string detail, (FailureSign Sign, string Line)? sign,
        StageMarkers stages, string firmwareLog, IReadOnlyList<string> lastLines)
    {
        var evidence = Evidence(lastLines, sign?.Line);
        if (sign is { } seen)
        {
            string note = seen.Sign.Cause == BootFailureCause.RootFilesystemNotFound ? $" ({FailureSigns.RootWaitNote})" : "";
            return new BootDiagnosis(seen.Sign.Cause, $"{seen.Sign.Explanation}: {seen.Line.Trim()}{note}", evidence);
        }
        // The console of a guest that KVM stopped looks like a boot loader that printed nothing; the
        // accelerator is to blame, not the disk, and TCG boots the same disk.
        if (end is AttemptEnd.KvmInternalError or AttemptEnd.KvmSilent)
        {
            return new BootDiagnosis(BootFailureCause.QemuFailed,
                $"KVM failed, not the disk: {detail}; the tcg accelerator (or auto, which then uses TCG) boots without it", evidence);
        }
        if (firmwareLog.Contains("No bootable device", StringComparison.Ordinal))
        {
            return new BootDiagnosis(BootFailureCause.NoBootableDevice,
                "no bootable device: the firmware found no boot loader on the disk (SeaBIOS: No bootable device.)", evidence);
        }
        bool handedOver = firmwareLog.Contains("Booting from Hard Disk", StringComparison.Ordinal);
        if (handedOver && !stages.Saw(BootStage.Kernel) && lastLines.All(line => line.Trim().Length == 0))
        {
            string how = end == AttemptEnd.TimedOut ? "then nothing reached the serial console" : $"then the guest stopped ({detail})";
            return new BootDiagnosis(BootFailureCause.BootloaderError,
                $"boot loader error: the firmware ran the disk's boot code (SeaBIOS: Booting from Hard Disk...), {how}: "
                + "the MBR boot code is missing or broken, or the boot loader has no serial console", evidence);
        }
        if (end == AttemptEnd.TimedOut)
        {
            return new BootDiagnosis(BootFailureCause.Timeout, detail + TimeoutHint(lastLines), evidence);
        }
        return new BootDiagnosis(BootFailureCause.QemuFailed, detail, evidence);
    }

    /// <summary>The diagnosis of a boot that reached its prompt but whose console login failed.</summary>
    public static BootDiagnosis LoginFailed(string detail, IReadOnlyList<string> lastLines) =>
        new(BootFailureCause.LoginFailed, $"login on the serial console failed: {detail}", Evidence(lastLines, null));

    // A timeout while the initramfs still waits for its root device is the commonest slow failure.
    private static string TimeoutHint(IReadOnlyList<string> lastLines) =>
        lastLines.Any(line => line.Contains("Waiting for root file system", StringComparison.Ordinal)
            || line.Contains("Begin: Running /scripts/local-block", StringComparison.Ordinal))
            ? " (the initramfs was still waiting for its root device, up to rootdelay= seconds, 180 by default on Debian; check root= or raise the timeout)"
            : "";

    private static List<string> Evidence(IReadOnlyList<string> lastLines, string? tellingLine)
    {
        var visible = lastLines.Where(line => line.Trim().Length > 0).Select(line => line.TrimEnd()).ToList();
        var evidence = visible.Count > EvidenceLines ? visible[^EvidenceLines..] : visible;
        if (tellingLine is not null && !evidence.Contains(tellingLine.TrimEnd()))
        {
            evidence.Insert(0, tellingLine.TrimEnd());
        }
        return evidence;
    }
}
