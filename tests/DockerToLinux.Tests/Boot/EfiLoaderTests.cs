using DockerToLinux.Boot.Grub;
using DockerToLinux.Boot.Uefi;
using DockerToLinux.Boot;
using DockerToLinux.Disks;
using DockerToLinux.Kernels;
using DockerToLinux.Pipeline;
using DockerToLinux.SystemPrep;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Boot;

// Which loader goes on the ESP, on synthesized images; the ESP is judged by fsck.fat, blkid, mtools and objdump.
public class EfiLoaderTests
{
    private static readonly DiskLayout Uefi = DiskLayout.For(Bootloader.Uefi, PartitionTable.Gpt);

    [Fact]
    public async Task Auto_falls_back_to_GRUB_when_neither_the_image_nor_this_machine_has_systemd_boot()
    {
        using var temp = new TempDir();
        // A host root with GRUB's x86_64-efi directory (this machine's, linked) and no systemd-boot.
        Directory.CreateDirectory(temp.File("host/usr/lib/grub"));
        File.CreateSymbolicLink(temp.File("host" + GrubEfiImage.Directory), GrubEfiImage.Directory);
        var t = KernelOnly();

        var boot = Plan(Bootloader.Uefi, Uefi, t, temp.File("host"));
        var identity = BuildIdentity.Reproducible("sha256:" + new string('a', 64), 1_700_000_000);
        var uuid = identity.FilesystemUuid;
        string disk = temp.File("disk.img");
        InstalledBoot installed;
        await using (var target = new RawDiskTarget(disk))
        {
            installed = await boot.InstallAsync(t.Tree, t.Store, target, null, identity, default);
            await target.CompleteAsync(Uefi.RootStart, default);
        }

        Assert.Equal(EfiLoader.Grub, boot.EfiLoader);
        Assert.Null(installed.Bios);
        Assert.Equal("GRUB for UEFI from this machine's /usr/lib/grub/x86_64-efi", installed.Origin);
        string esp = temp.File("esp.img");
        Tool.Run("dd", $"if={disk}", $"of={esp}", "bs=1M", "skip=1", "count=256", "status=none").EnsureSuccess("dd");
        Tool.Run("fsck.fat", "-n", esp).EnsureSuccess("fsck.fat -n");
        Assert.Equal(EtcFiles.FatSerial(identity.EspVolumeId),
            Tool.Run("blkid", "-p", "-o", "value", "-s", "UUID", esp).EnsureSuccess("blkid").StdOut.Trim());
        Assert.Equal("::/EFI/BOOT/BOOTX64.EFI", Tool.Run("mdir", "-/", "-b", "-i", esp, "::").EnsureSuccess("mdir").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Single(l => !l.EndsWith('/')));
        string loader = temp.File("BOOTX64.EFI");
        Tool.Run("mcopy", "-i", esp, "::/EFI/BOOT/BOOTX64.EFI", loader).EnsureSuccess("mcopy");
        string headers = Tool.Run("objdump", "-h", loader).EnsureSuccess("objdump -h").StdOut;
        Assert.Contains("file format pei-x86-64", headers);
        Assert.Matches(@"\.text[\s\S]*\.data[\s\S]*mods[\s\S]*\.reloc", headers);
        Assert.Contains($"search --no-floppy --fs-uuid --set=root {uuid}", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(loader)));
        Assert.Contains($"search --no-floppy --fs-uuid --set=root {uuid}", t.Text("/boot/grub/grub.cfg"));
        Assert.NotNull(t.Tree.Resolve("/boot/grub/x86_64-efi/normal.mod"));
        Assert.NotNull(t.Tree.Resolve("/boot/grub/x86_64-efi/moddep.lst"));
    }

    [Fact]
    public void Auto_prefers_the_images_own_GRUB_to_this_machines_systemd_boot()
    {
        Assert.True(File.Exists(SystemdBootEsp.LoaderPath), "this machine needs systemd-boot-efi for this test");
        var t = KernelOnly();
        t.File(GrubEfiImage.Directory + "/kernel.img", File.ReadAllBytes(GrubEfiImage.Directory + "/kernel.img"));

        var boot = Plan(Bootloader.Uefi, Uefi, t);

        Assert.Equal(EfiLoader.Grub, boot.EfiLoader);
    }

    [Fact]
    public void Auto_takes_the_images_systemd_boot_before_its_GRUB()
    {
        var t = KernelOnly();
        t.File(GrubEfiImage.Directory + "/kernel.img", "ELF");
        t.File(SystemdBootEsp.LoaderPath, "MZ");

        Assert.Equal(EfiLoader.SystemdBoot, Plan(Bootloader.Hybrid, DiskLayout.For(Bootloader.Hybrid, PartitionTable.Gpt), t,
            "/nonexistent").EfiLoader);
        Assert.Equal(EfiLoader.Grub, Plan(Bootloader.Uefi, Uefi, t, "/nonexistent", EfiLoader.Grub).EfiLoader);
    }

    [Fact]
    public void A_chosen_loader_that_neither_the_image_nor_this_machine_has_is_an_input_error_naming_its_package()
    {
        var t = KernelOnly();

        var grub = Assert.Throws<D2lException>(() => Plan(Bootloader.Uefi, Uefi, t, "/nonexistent", EfiLoader.Grub, "img"));
        var any = Assert.Throws<D2lException>(() => Plan(Bootloader.Uefi, Uefi, t, "/nonexistent", imageName: "img"));

        Assert.Equal(FailureKind.BadInput, grub.Kind);
        Assert.StartsWith("img: no GRUB for UEFI", grub.Message);
        Assert.Contains("grub-efi-amd64-bin", grub.Message);
        Assert.Contains("systemd-boot-efi or grub-efi-amd64-bin", any.Message);
    }

    [Fact]
    public void An_EFI_loader_for_a_disk_without_an_ESP_is_a_usage_error()
    {
        var error = Assert.Throws<D2lException>(() => Plan(Bootloader.Extlinux, DiskLayout.For(Bootloader.Extlinux, PartitionTable.Mbr),
            KernelOnly(), "/nonexistent", EfiLoader.Grub));

        Assert.Equal((Setting.EfiLoader, "grub needs the uefi or hybrid boot loader"), (error.Setting, error.Message));
    }

    [Theory]
    [InlineData("auto", EfiLoader.Auto)]
    [InlineData("systemd-boot", EfiLoader.SystemdBoot)]
    [InlineData("GRUB", EfiLoader.Grub)]
    public void Loader_names_parse_and_print_back(string name, EfiLoader loader)
    {
        Assert.Equal(loader, EfiLoaders.Parse(name));
        Assert.Equal(name.ToLowerInvariant(), EfiLoaders.Name(loader));
    }

    private static DiskBoot Plan(Bootloader bootloader, DiskLayout layout, TreeBuilder t, string hostRoot = "/",
        EfiLoader efiLoader = EfiLoader.Auto, string imageName = "synthetic") =>
        DiskBoot.Plan(bootloader, layout, KernelLocator.FindOrThrow(t.Tree, imageName), t.Tree, imageName, hostRoot, efiLoader);

    private static TreeBuilder KernelOnly()
    {
        var t = new TreeBuilder();
        t.File("/boot/vmlinuz-6.1.0-1-amd64", "kernel");
        t.File("/boot/initrd.img-6.1.0-1-amd64", "initrd");
        return t;
    }
}
