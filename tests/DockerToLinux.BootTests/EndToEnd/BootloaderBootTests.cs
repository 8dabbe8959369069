using System.Collections.Concurrent;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Pipeline;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// The Debian template, converted by d2l as nobody, boots to a login prompt with every
/// boot loader and partition table, under SeaBIOS and (for UEFI) OVMF. One hybrid disk boots under both.
/// MBR + extlinux is covered by <see cref="DebianTemplateBuildTests"/>.
/// </summary>
public class BootloaderBootTests
{
    // Lives as long as the test process; TestRunFolder removes it.
    private static readonly TempDir Folder = new();
    private static readonly ConcurrentDictionary<string, Lazy<string>> Disks = new();


    public static TheoryData<string, string, Firmware> Cases => new()
    {
        { "extlinux", "gpt", Firmware.Bios },
        { "grub", "mbr", Firmware.Bios },
        { "grub", "gpt", Firmware.Bios },
        { "uefi", "gpt", Firmware.Uefi },
        { "hybrid", "gpt", Firmware.Bios },
        { "hybrid", "gpt", Firmware.Uefi },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_template_boots_to_a_login_prompt(string bootloader, string partitionTable, Firmware firmware)
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        string disk = Disks.GetOrAdd($"{bootloader}-{partitionTable}", name => new Lazy<string>(() => Build(archive, name, bootloader, partitionTable))).Value;
        if (partitionTable == "gpt")
        {
            Assert.Contains("No problems found", Tool.Run("sgdisk", "-v", disk).EnsureSuccess("sgdisk -v").StdOut);
        }
        else
        {
            Tool.Run("sfdisk", "--verify", disk).EnsureSuccess("sfdisk --verify");
        }

        var options = new BootOptions(disk).WithTimeout(TimeSpan.FromMinutes(8)).WithFirmware(firmware);
        var boot = await new QemuBootRunner().RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
    }

    [Fact]
    public async Task The_ESP_of_a_UEFI_disk_is_a_clean_FAT32_with_systemd_boot_kernel_and_initrd()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        string disk = Disks.GetOrAdd("uefi-gpt", name => new Lazy<string>(() => Build(archive, name, "uefi", "gpt"))).Value;
        string esp = Folder.File("esp-check.img");
        // The ESP is partition 1: 256 MiB from 1 MiB.
        Tool.Run("dd", $"if={disk}", $"of={esp}", "bs=1M", "skip=1", "count=256", "status=none").EnsureSuccess("dd");

        var fsck = Tool.Run("fsck.fat", "-n", esp);
        Assert.True(fsck.ExitCode == 0, fsck.StdOut + fsck.StdErr);
        string listing = Tool.Run("mdir", "-/", "-b", "-i", esp, "::").EnsureSuccess("mdir").StdOut;
        Assert.Contains("::/EFI/BOOT/BOOTX64.EFI", listing);
        Assert.Contains("::/loader/entries/d2l.conf", listing);
        Assert.Matches(@"::/d2l/vmlinuz-\S+-amd64", listing);
        Assert.Matches(@"::/d2l/initrd\.img-\S+-amd64", listing);
        File.Delete(esp);
    }

    [Fact]
    public async Task With_GRUB_for_UEFI_the_template_boots_under_OVMF_and_mounts_its_ESP_on_boot_efi()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        // --efi-loader grub runs the same code as auto's fallback when an image has no systemd-boot.
        string disk = Build(archive, "uefi-grub-gpt", "uefi", "gpt", "--efi-loader", "grub");
        Assert.Contains("No problems found", Tool.Run("sgdisk", "-v", disk).EnsureSuccess("sgdisk -v").StdOut);
        long rootStart = DiskLayout.For(Bootloader.Uefi, PartitionTable.Gpt).RootStart;
        Tool.Run("e2fsck", "-fn", $"{disk}?offset={rootStart}").EnsureSuccess("e2fsck -fn on the root partition");
        string esp = Folder.File("esp-grub.img");
        Tool.Run("dd", $"if={disk}", $"of={esp}", "bs=1M", "skip=1", "count=256", "status=none").EnsureSuccess("dd");
        Tool.Run("fsck.fat", "-n", esp).EnsureSuccess("fsck.fat -n");
        Assert.Equal(["::/EFI/", "::/EFI/BOOT/", "::/EFI/BOOT/BOOTX64.EFI"], Tool.Run("mdir", "-/", "-b", "-i", esp, "::").EnsureSuccess("mdir")
            .StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        string serial = Tool.Run("blkid", "-p", "-o", "value", "-s", "UUID", esp).EnsureSuccess("blkid").StdOut.Trim();
        File.Delete(esp);

        var options = new BootOptions(disk).WithTimeout(TimeSpan.FromMinutes(8)).WithFirmware(Firmware.Uefi)
            .WithCommand("root", "secret", "findmnt -n -o SOURCE,FSTYPE /boot/efi; blkid -o value -s UUID \"$(findmnt -n -o SOURCE /boot/efi)\"; "
                + "ls /boot/efi/EFI/BOOT");
        var boot = await new QemuBootRunner().RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
        Assert.Equal(0, boot.Command?.ExitCode);
        Assert.Matches($@"^/dev/\S+1 +vfat\n{serial}\nBOOTX64.EFI$", boot.Command!.Output.Replace("\r", "").Trim());
    }

    private static string Build(string archive, string name, string bootloader, string partitionTable, params string[] more)
    {
        string disk = Folder.File(name + ".img");
        D2lProcess.RunAsNobody(Folder, ["build", $"oci-archive:{archive}", "-o", disk, "--bootloader", bootloader,
            "--partition-table", partitionTable, "--root-password", "secret", .. more]).EnsureSuccess($"d2l build --bootloader {bootloader}");
        return disk;
    }
}
