using System.Buffers.Binary;

namespace DockerToLinux.Boot.Grub;

/// <summary>GRUB's boot.img as grub-bios-setup patches it, cut to the 440 bytes of MBR code.</summary>
internal static class GrubBootSector
{
    private const int KernelSectorOffset = 0x5C, BootDriveOffset = 0x64, DriveCheckOffset = 0x66;

    /// <summary>The MBR code that loads core.img's first sector from <paramref name="coreLba"/>.</summary>
    /// <param name="bootImage">boot.img, 512 bytes.</param>
    /// <param name="coreLba">The disk sector holding core.img's first sector.</param>
    public static byte[] MbrCode(byte[] bootImage, long coreLba)
    {
        var code = bootImage.AsSpan(0, 440).ToArray();
        BinaryPrimitives.WriteInt64LittleEndian(code.AsSpan(KernelSectorOffset), coreLba);
        // 0xFF: boot from the drive the BIOS passes in DL.
        code[BootDriveOffset] = 0xFF;
        // NOPs over the "jmp" that skips the DL check, so a BIOS passing a bad DL still boots drive 0x80.
        code[DriveCheckOffset] = 0x90;
        code[DriveCheckOffset + 1] = 0x90;
        return code;
    }
}
