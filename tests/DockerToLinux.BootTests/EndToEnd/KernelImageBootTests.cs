using System.Collections.Concurrent;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.EndToEnd;

/// <summary>
/// An image without a kernel (Debian minbase with systemd-sysv, udev and kmod) boots with the kernel of a kernel
/// image: the kernel template (Debian's kernel, generic initramfs, modules) from every boot loader and on AHCI, and
/// Debian's cloud kernel in LinuxKit's layout, without initramfs, from NVMe. Each disk is built once, by nobody,
/// and each boot checks several things, because every boot under TCG takes minutes.
/// </summary>
public class KernelImageBootTests
{
    private const string Epoch = "1700000000";
    private static readonly TempDir Folder = new();
    private static readonly ConcurrentDictionary<string, Lazy<(string Disk, string Output)>> Disks = new();

    [Fact]
    public async Task An_image_without_a_kernel_and_no_kernel_image_is_refused_naming_kernel_and_templates_kernel_and_no_disk_is_left()
    {
        string image = await KernelTemplate.GetArchiveAsync(KernelTemplate.NoKernelOciArchive);
        using var home = new TempDir();
        string output = Refusal.OutputFolder(home);

        var result = D2lProcess.RunAsNobody(home, ["build", $"oci-archive:{image}", "-o", Path.Combine(output, "disk.img")]);

        Refusal.Check(result, 2, output, "--kernel: ", "has no kernel", "templates/kernel");
    }

    [Fact]
    public async Task From_extlinux_on_MBR_the_disk_boots_to_a_login_and_modprobe_loads_a_module_the_initramfs_did_not()
    {
        var (disk, output) = await BuildAsync("extlinux", "mbr", KernelTemplate.OciArchive);
        Assert.Contains("initramfs, root=UUID=", output);

        var boot = await BootAsync(new BootOptions(disk), "! grep -q '^vfat ' /proc/modules && modprobe vfat && grep -c '^vfat ' /proc/modules; "
            + "uname -r; ls -d /usr/lib/modules/*; grep -o 'root=[^ ]*' /proc/cmdline");

        Assert.Equal(0, boot.Command!.ExitCode);
        Assert.Matches(@"^1\n(\S+)\n/usr/lib/modules/\1\nroot=UUID=[0-9a-f-]{36}$", boot.Command.Output.Replace("\r", "").Trim());
    }

    [Fact]
    public async Task The_same_disk_boots_with_its_disk_on_an_AHCI_controller_as_VirtualBox_attaches_it()
    {
        var (disk, _) = await BuildAsync("extlinux", "mbr", KernelTemplate.OciArchive);

        var boot = await BootAsync(new BootOptions(disk).WithDiskBus(DiskBus.Ahci), "findmnt -n -o SOURCE /; test -d /sys/module/ahci && echo ahci");

        Assert.Equal("/dev/sda1\nahci", boot.Command!.Output.Replace("\r", "").Trim());
    }

    [Fact]
    public async Task From_GRUB_on_GPT_the_disk_boots_to_a_login_prompt()
    {
        var (disk, _) = await BuildAsync("grub", "gpt", KernelTemplate.OciArchive);

        var boot = await new QemuBootRunner().RunAsync(new BootOptions(disk).WithTimeout(TimeSpan.FromMinutes(12)), TextWriter.Null,
            CancellationToken.None);

        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
    }

    [Fact]
    public async Task From_UEFI_under_OVMF_the_disk_boots_to_a_login_prompt()
    {
        var (disk, _) = await BuildAsync("uefi", "gpt", KernelTemplate.OciArchive);

        var boot = await new QemuBootRunner().RunAsync(new BootOptions(disk).WithTimeout(TimeSpan.FromMinutes(12)).WithFirmware(Firmware.Uefi),
            TextWriter.Null, CancellationToken.None);

        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
    }

    [Fact]
    public async Task A_linuxkit_cloud_kernel_without_initramfs_boots_the_image_from_NVMe_with_the_root_named_by_PARTUUID()
    {
        var (disk, output) = await BuildAsync("extlinux", "mbr", KernelTemplate.LinuxKitOciArchive);
        Assert.Contains("no initramfs, root=PARTUUID=; boots from", output);
        Assert.Contains("nvme", output);

        var boot = await BootAsync(new BootOptions(disk).WithDiskBus(DiskBus.Nvme),
            "findmnt -n -o SOURCE /; grep -o 'root=[^ ]*' /proc/cmdline; grep -c initrd /proc/cmdline; ls /usr/lib/modules | wc -l");

        Assert.Matches(@"^/dev/nvme0n1p1\nroot=PARTUUID=[0-9a-f]{8}-01\n0\n1$", boot.Command!.Output.Replace("\r", "").Trim());
    }

    [Fact]
    public async Task With_SOURCE_DATE_EPOCH_a_build_with_a_kernel_image_is_byte_identical_to_the_last()
    {
        var (disk, _) = await BuildAsync("extlinux", "mbr", KernelTemplate.OciArchive);
        string again = Build("again", "extlinux", "mbr", KernelTemplate.OciArchive).Disk;

        Tool.Run("cmp", disk, again).EnsureSuccess("cmp of two builds");
        File.Delete(again);
    }

    [Fact]
    public async Task Inspect_with_a_kernel_image_judges_the_pair_bootable_and_names_where_the_modules_go()
    {
        string image = await KernelTemplate.GetArchiveAsync(KernelTemplate.NoKernelOciArchive);
        string kernel = await KernelTemplate.GetArchiveAsync(KernelTemplate.OciArchive);

        string report = D2lProcess.Run(["inspect", $"oci-archive:{image}", "--kernel", $"oci-archive:{kernel}"]).EnsureSuccess("d2l inspect").StdOut;

        Assert.Matches(@"Bootable:   yes\n  kernel:      /boot/vmlinuz-(\S+)\n  initramfs:   /boot/initrd.img-\1\n(.*\n)*  modules:     /usr/lib/modules/\1\n",
            report);
    }

    private static async Task<(string Disk, string Output)> BuildAsync(string bootloader, string table, string kernelArchive)
    {
        await KernelTemplate.GetCacheFolderAsync();
        return Disks.GetOrAdd($"{bootloader}-{table}-{kernelArchive}",
            name => new Lazy<(string, string)>(() => Build(name, bootloader, table, kernelArchive))).Value;
    }

    private static (string Disk, string Output) Build(string name, string bootloader, string table, string kernelArchive)
    {
        string folder = KernelTemplate.GetCacheFolderAsync().Result;
        string disk = Folder.File(name + ".img");
        var result = D2lProcess.RunAsNobody(Folder, ["build", $"oci-archive:{Path.Combine(folder, KernelTemplate.NoKernelOciArchive)}", "-o", disk,
            "--kernel", $"oci-archive:{Path.Combine(folder, kernelArchive)}", "--bootloader", bootloader, "--partition-table", table,
            "--root-password", "secret", "-f"], new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = Epoch })
            .EnsureSuccess($"d2l build --kernel {kernelArchive} --bootloader {bootloader}");
        return (disk, result.StdOut);
    }

    private static async Task<BootResult> BootAsync(BootOptions options, string command)
    {
        var boot = await new QemuBootRunner().RunAsync(options.WithTimeout(TimeSpan.FromMinutes(12)).WithCommand("root", "secret", command),
            TextWriter.Null, CancellationToken.None);
        Assert.True(boot.Succeeded, $"{boot.Failure}\n{string.Join('\n', boot.LastLines)}");
        return boot;
    }
}
