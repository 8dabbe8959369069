namespace DockerToLinux.Boot;

/// <summary>The magic numbers syslinux's boot sector, ldlinux.sys and ADV carry.</summary>
internal static class SyslinuxMagic
{
    /// <summary>LDLINUX_MAGIC: the first word of ldlinux.sys's patch area and the target of its checksum.</summary>
    public const uint Ldlinux = 0x3EB202FE;

    /// <summary>First word of an ADV sector.</summary>
    public const uint AdvHead = 0x5A2D2FA5;

    /// <summary>What the u32 sum of ADV bytes 4..507 must equal.</summary>
    public const uint AdvSum = 0xA3041767;

    /// <summary>Last word of an ADV sector.</summary>
    public const uint AdvTail = 0xDD28BF64;
}
