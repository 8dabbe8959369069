using DockerToLinux.Boot.Grub;
using DockerToLinux.RootFs;

namespace DockerToLinux.Boot.Uefi;

/// <summary>The UEFI boot loaders d2l puts at <c>\EFI\BOOT\BOOTX64.EFI</c>.</summary>
public enum EfiLoader
{
    /// <summary>The image's systemd-boot, else the image's GRUB, else this machine's systemd-boot, else its GRUB.</summary>
    Auto,

    /// <summary>systemd-boot, with the kernel and initramfs copied onto the ESP.</summary>
    SystemdBoot,

    /// <summary>GRUB for x86_64-efi, assembled in process; it reads the kernel from the root filesystem.</summary>
    Grub,
}

/// <summary>Parses and resolves <see cref="EfiLoader"/>.</summary>
public static class EfiLoaders
{
    /// <summary>The names the command line accepts.</summary>
    public const string Names = "auto, systemd-boot or grub";

    /// <summary>Parses <c>auto</c>, <c>systemd-boot</c> or <c>grub</c>.</summary>
    /// <exception cref="D2lException">Another name.</exception>
    public static EfiLoader Parse(string name) => name.ToLowerInvariant() switch
    {
        "auto" => EfiLoader.Auto,
        "systemd-boot" => EfiLoader.SystemdBoot,
        "grub" => EfiLoader.Grub,
        _ => throw D2lException.BadSetting(Setting.EfiLoader, $"'{name}' is not a UEFI boot loader ({Names})"),
    };

    /// <summary>The name <see cref="Parse"/> takes.</summary>
    public static string Name(EfiLoader loader) => loader switch
    {
        EfiLoader.SystemdBoot => "systemd-boot",
        EfiLoader.Grub => "grub",
        _ => "auto",
    };

    /// <summary>
    /// The loader to install: <paramref name="requested"/> if the image or this machine has it; for
    /// <see cref="EfiLoader.Auto"/> the image's own loader first (systemd-boot, then GRUB), then this machine's.
    /// </summary>
    /// <exception cref="D2lException">Neither the image nor this machine has the loader (or, for auto, either loader).</exception>
    public static EfiLoader Choose(EfiLoader requested, FileTree tree, BootFileReader reader, string imageName)
    {
        bool SystemdBoot(bool inImage) => inImage
            ? tree.Resolve(SystemdBootEsp.LoaderPath) is { Kind: NodeKind.RegularFile }
            : File.Exists(reader.HostPath(SystemdBootEsp.LoaderPath));
        bool Grub(bool inImage) => GrubDirectory.Exists(tree, reader, GrubEfiImage.Directory, inImage);

        foreach (bool inImage in new[] { true, false })
        {
            if (requested is EfiLoader.Auto or EfiLoader.SystemdBoot && SystemdBoot(inImage))
            {
                return EfiLoader.SystemdBoot;
            }
            if (requested is EfiLoader.Auto or EfiLoader.Grub && Grub(inImage))
            {
                return EfiLoader.Grub;
            }
        }
        string missing = requested switch
        {
            EfiLoader.SystemdBoot => $"no systemd-boot ({SystemdBootEsp.LoaderPath}): install systemd-boot-efi",
            EfiLoader.Grub => $"no GRUB for UEFI ({GrubEfiImage.Directory}/kernel.img): install grub-efi-amd64-bin",
            _ => $"no UEFI boot loader (neither {SystemdBootEsp.LoaderPath} nor {GrubEfiImage.Directory}/kernel.img): "
                + "install systemd-boot-efi or grub-efi-amd64-bin",
        };
        throw D2lException.BadInput(imageName, missing + " in the image (see templates/) or on this machine");
    }
}
