namespace DockerToLinux.Qemu;

/// <summary>How QEMU executes the guest's instructions.</summary>
public enum Accelerator
{
    /// <summary>
    /// KVM when it has been seen to work on this machine, otherwise TCG. The first boot of a process
    /// doubles as the KVM probe, and a KVM boot that breaks is repeated under TCG.
    /// </summary>
    Auto,

    /// <summary>Hardware virtualisation through <c>/dev/kvm</c>, with no fallback.</summary>
    Kvm,

    /// <summary>QEMU's portable binary translator: slower, but works everywhere.</summary>
    Tcg,
}
