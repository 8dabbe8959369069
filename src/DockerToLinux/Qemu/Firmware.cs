namespace DockerToLinux.Qemu;

/// <summary>The firmware a QEMU boot starts with.</summary>
public enum Firmware
{
    /// <summary>SeaBIOS, QEMU's default legacy BIOS.</summary>
    Bios,

    /// <summary>OVMF (EDK II) UEFI firmware, Secure Boot off.</summary>
    Uefi,
}
