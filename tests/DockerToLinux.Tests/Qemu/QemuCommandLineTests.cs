using DockerToLinux.Qemu;

namespace DockerToLinux.Tests.Qemu;

public class QemuCommandLineTests
{
    private static IReadOnlyList<string> DiskArguments(DiskBus bus)
    {
        var args = QemuCommandLine.Build(new BootOptions("/disks/a,b.img").WithDiskBus(bus), QemuCommandLine.Tcg, "/tmp/fw.log");
        int from = args.ToList().IndexOf("-snapshot") + 1;
        int to = args.ToList().IndexOf("-display");
        return args.Skip(from).Take(to - from).ToList();
    }

    [Fact]
    public void A_virtio_disk_is_one_drive_option_as_boot_bios_sh_writes_it()
    {
        Assert.Equal(["-drive", "file=/disks/a,,b.img,format=raw,if=virtio"], DiskArguments(DiskBus.Virtio));
    }

    [Fact]
    public void An_ide_disk_hangs_off_the_machines_own_ide_bus()
    {
        Assert.Equal(["-drive", "file=/disks/a,,b.img,format=raw,if=none,id=d0", "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=0"],
            DiskArguments(DiskBus.Ide));
    }

    [Fact]
    public void An_ahci_disk_gets_an_ahci_controller_of_its_own()
    {
        Assert.Equal(["-drive", "file=/disks/a,,b.img,format=raw,if=none,id=d0", "-device", "ahci,id=ahci",
            "-device", "ide-hd,drive=d0,bus=ahci.0,bootindex=0"], DiskArguments(DiskBus.Ahci));
    }

    [Fact]
    public void An_nvme_disk_is_an_nvme_controller_with_a_serial_number()
    {
        Assert.Equal(["-drive", "file=/disks/a,,b.img,format=raw,if=none,id=d0", "-device", "nvme,serial=d2l,drive=d0,bootindex=0"],
            DiskArguments(DiskBus.Nvme));
    }
}
