namespace DockerToLinux.Qemu;

/// <summary>
/// Whether KVM has broken a boot in this process. Kept for the life of the process so that only the
/// first boot pays for finding out; after that, <see cref="Accelerator.Auto"/> goes straight to TCG.
/// </summary>
internal static class KvmVerdict
{
    private static readonly Lock Gate = new();
    private static string? _brokenReason;

    /// <summary>Why KVM failed here (one line), or null while it has not failed.</summary>
    public static string? BrokenReason
    {
        get
        {
            lock (Gate)
            {
                return _brokenReason;
            }
        }
    }

    /// <summary>Records that KVM broke a boot, with a short reason.</summary>
    public static void RecordBroken(string reason)
    {
        lock (Gate)
        {
            _brokenReason ??= reason;
        }
    }

    /// <summary>
    /// Whether <c>/dev/kvm</c> exists and this user may open it; QEMU fails at start otherwise.
    /// </summary>
    public static bool DeviceUsable()
    {
        try
        {
            using var device = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
