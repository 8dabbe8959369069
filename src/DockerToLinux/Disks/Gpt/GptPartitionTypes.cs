namespace DockerToLinux.Disks.Gpt;

/// <summary>
/// The GPT partition type GUIDs d2l writes (UEFI specification and the Discoverable Partitions
/// Specification). <see cref="Guid.ToByteArray()"/> gives exactly GPT's mixed-endian on-disk form.
/// </summary>
internal static class GptPartitionTypes
{
    /// <summary>EFI System Partition: the FAT volume firmware loads <c>\EFI\BOOT\BOOTX64.EFI</c> from.</summary>
    public static readonly Guid EfiSystem = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    /// <summary>BIOS boot partition: raw sectors holding GRUB's core.img on a GPT disk ("Hah!IdontNeedEFI").</summary>
    public static readonly Guid BiosBoot = new("21686148-6449-6E6F-744E-656564454649");

    /// <summary>Root file system for x86-64, which systemd-gpt-auto-generator recognises.</summary>
    public static readonly Guid RootX86_64 = new("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");

    /// <summary>Generic Linux file system data.</summary>
    public static readonly Guid LinuxFilesystem = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
}
