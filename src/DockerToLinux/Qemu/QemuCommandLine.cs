namespace DockerToLinux.Qemu;

/// <summary>
/// The arguments of one QEMU boot; <c>qemu/boot-bios.sh</c> in the repository is the same command line
/// for people to run by hand.
/// </summary>
internal static class QemuCommandLine
{
    /// <summary>The accelerator names QEMU takes after <c>-accel</c>.</summary>
    public const string Kvm = "kvm";

    /// <inheritdoc cref="Kvm"/>
    public const string Tcg = "tcg";

    /// <summary>Where a command line printed for people has QEMU listen for an app VM's control channel.</summary>
    public const string ControlSocketForPeople = "/tmp/d2l-control.sock";

    /// <summary>Builds the arguments for booting <paramref name="options"/> under <paramref name="accel"/>.</summary>
    /// <param name="options">What to boot.</param>
    /// <param name="accel"><see cref="Kvm"/> or <see cref="Tcg"/>.</param>
    /// <param name="firmwareLogPath">Where SeaBIOS's debug port output goes, which says why nothing booted.</param>
    /// <param name="ovmfVarsPath">This boot's own copy of OVMF's variable store, for <see cref="Firmware.Uefi"/>.</param>
    /// <param name="controlSocketPath">For an app VM, the Unix socket d2l listens on for the second serial port; null
    /// makes QEMU listen on <see cref="ControlSocketForPeople"/> itself, for a command line run by hand.</param>
    public static IReadOnlyList<string> Build(BootOptions options, string accel, string firmwareLogPath, string? ovmfVarsPath = null,
        string? controlSocketPath = null)
    {
        var args = new List<string>
        {
            "-accel", accel,
            "-m", options.MemoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-smp", options.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Writes go to a temporary overlay that QEMU deletes: the image is never modified.
            "-snapshot",
        };
        args.AddRange(DiskArguments(options));
        args.AddRange(
        [
            // The serial console alone on stdio: no monitor multiplexed in, so no Ctrl-A escapes.
            "-display", "none",
            "-serial", "stdio",
            "-monitor", "none",
        ]);
        if (options.App)
        {
            // The second 16550 UART, ttyS1: the app init's status lines and the host's stop request.
            args.AddRange(controlSocketPath is null
                ? ["-chardev", $"socket,id=ctl,path={ControlSocketForPeople},server=on,wait=off", "-serial", "chardev:ctl"]
                : ["-chardev", $"socket,id=ctl,path={EscapeOptionValue(controlSocketPath)}", "-serial", "chardev:ctl"]);
        }
        args.AddRange(
        [
            "-no-reboot",
            // With nothing bootable SeaBIOS "reboots" at once instead of retrying every 60 s, and
            // -no-reboot turns that into QEMU exiting: a fast, certain failure.
            "-boot", "strict=on,reboot-timeout=0",
            "-debugcon", $"file:{firmwareLogPath}",
            "-global", "isa-debugcon.iobase=0x402",
            "-nic", options.UserNetwork
                ? string.Concat(options.PortForwards.Select(forward => $",hostfwd={forward.QemuValue}").Prepend("user,model=virtio-net-pci"))
                : "none",
        ]);
        if (options.Firmware == Firmware.Uefi)
        {
            ArgumentNullException.ThrowIfNull(ovmfVarsPath);
            args.AddRange([
                "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={EscapeOptionValue(options.OvmfCodePath)}",
                "-drive", $"if=pflash,format=raw,unit=1,file={EscapeOptionValue(ovmfVarsPath)}",
            ]);
        }
        if (options.KernelPath is not null)
        {
            args.AddRange(["-kernel", options.KernelPath]);
            if (options.InitrdPath is not null)
            {
                args.AddRange(["-initrd", options.InitrdPath]);
            }
            if (options.Append is not null)
            {
                args.AddRange(["-append", options.Append]);
            }
        }
        return args;
    }

    // virtio-blk (the default) is in Debian's initramfs (MODULES=most) and in Alpine's virt kernel. The
    // other buses attach the same drive to a controller of their own; bootindex puts it first for the
    // firmware whichever controller it is on.
    private static string[] DiskArguments(BootOptions options)
    {
        string file = $"file={EscapeOptionValue(options.DiskPath)},format={options.DiskFormat.QemuName}";
        if (options.DiskBus == DiskBus.Virtio)
        {
            return ["-drive", $"{file},if=virtio"];
        }
        string[] drive = ["-drive", $"{file},if=none,id=d0"];
        return options.DiskBus switch
        {
            DiskBus.Ide => [.. drive, "-device", "ide-hd,drive=d0,bus=ide.0,bootindex=0"],
            DiskBus.Ahci => [.. drive, "-device", "ahci,id=ahci", "-device", "ide-hd,drive=d0,bus=ahci.0,bootindex=0"],
            DiskBus.Nvme => [.. drive, "-device", "nvme,serial=d2l,drive=d0,bootindex=0"],
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.DiskBus, "unknown disk bus"),
        };
    }

    // QEMU's option syntax splits on commas; a literal comma in a value is written twice.
    private static string EscapeOptionValue(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
