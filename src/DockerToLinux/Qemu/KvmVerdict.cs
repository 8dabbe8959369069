namespace DockerToLinux.Qemu;

/// <summary>
/// What this process has learnt about KVM on this machine. Kept for the life of the process so that
/// only the first boot pays for finding out.
/// </summary>
internal static class KvmVerdict
{
    private static readonly Lock Gate = new();
    private static bool? _works;
    private static string _reason = "not probed";

    /// <summary>True when a KVM boot reached its pattern, false when KVM broke, null when unknown.</summary>
    public static bool? Works
    {
        get
        {
            lock (Gate)
            {
                return _works;
            }
        }
    }

    /// <summary>Why KVM is not used, when <see cref="Works"/> is false.</summary>
    public static string Reason
    {
        get
        {
            lock (Gate)
            {
                return _reason;
            }
        }
    }

    /// <summary>Records that a KVM boot worked.</summary>
    public static void RecordWorking()
    {
        lock (Gate)
        {
            _works ??= true;
        }
    }

    /// <summary>Records that KVM broke, with a short reason. A failure outweighs an earlier success.</summary>
    public static void RecordBroken(string reason)
    {
        lock (Gate)
        {
            _works = false;
            _reason = reason;
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
