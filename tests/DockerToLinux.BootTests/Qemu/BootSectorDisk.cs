using System.Text;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>
/// Tiny disks for testing the boot runner without the product: a disk of zeros, and a disk whose
/// boot sector prints a message on the first serial port and halts.
/// </summary>
public static class BootSectorDisk
{
    /// <summary>Writes a 1 MiB disk with nothing on it: the firmware finds nothing to boot.</summary>
    public static string WriteBlank(string path)
    {
        using var file = File.Create(path);
        file.SetLength(1 << 20);
        return path;
    }

    /// <summary>
    /// Writes a 1 MiB disk whose MBR code sends <paramref name="message"/> (ASCII, under 480 bytes)
    /// to COM1 and halts forever.
    /// </summary>
    public static string WritePrinting(string path, string message)
    {
        // Real mode at 0000:7C00. The UART takes bytes written to its data port without setup.
        byte[] code =
        [
            0xFA,             // 7C00 cli
            0x31, 0xC0,       // 7C01 xor ax, ax
            0x8E, 0xD8,       // 7C03 mov ds, ax
            0xFC,             // 7C05 cld
            0xBE, 0x17, 0x7C, // 7C06 mov si, message (7C17)
            0xBA, 0xF8, 0x03, // 7C09 mov dx, 3F8h
            0xAC,             // 7C0C next: lodsb
            0x84, 0xC0,       // 7C0D test al, al
            0x74, 0x03,       // 7C0F jz halt
            0xEE,             // 7C11 out dx, al
            0xEB, 0xF8,       // 7C12 jmp next
            0xF4,             // 7C14 halt: hlt
            0xEB, 0xFD,       // 7C15 jmp halt
        ];
        byte[] text = Encoding.ASCII.GetBytes(message);
        if (code.Length + text.Length + 1 > 446)
        {
            throw new ArgumentException("message too long for a boot sector", nameof(message));
        }
        var sector = new byte[512];
        code.CopyTo(sector, 0);
        text.CopyTo(sector, code.Length);
        sector[510] = 0x55;
        sector[511] = 0xAA;
        using var file = File.Create(path);
        file.Write(sector);
        file.SetLength(1 << 20);
        return path;
    }
}
