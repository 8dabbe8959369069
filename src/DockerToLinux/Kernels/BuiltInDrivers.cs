namespace DockerToLinux.Kernels;

/// <summary>
/// The drivers compiled into a kernel (not modules), by module name (<c>virtio_blk</c>, <c>ext4</c>), as its
/// build configuration (<c>/boot/config-V</c>, <c>CONFIG_…=y</c>) or its <c>modules.builtin</c> list says.
/// Only these work before an initramfs, or without one.
/// </summary>
public sealed class BuiltInDrivers
{
    // The configuration symbols of the drivers a root file system needs, by the module each one builds.
    private static readonly Dictionary<string, string> ModuleOfSymbol = new(StringComparer.Ordinal)
    {
        ["CONFIG_VIRTIO_BLK"] = "virtio_blk",
        ["CONFIG_VIRTIO_PCI"] = "virtio_pci",
        ["CONFIG_ATA_PIIX"] = "ata_piix",
        ["CONFIG_SATA_AHCI"] = "ahci",
        ["CONFIG_BLK_DEV_SD"] = "sd_mod",
        ["CONFIG_BLK_DEV_NVME"] = "nvme",
        ["CONFIG_EXT4_FS"] = "ext4",
    };

    private readonly HashSet<string> _modules;

    private BuiltInDrivers(IEnumerable<string> modules) => _modules = new HashSet<string>(modules, StringComparer.Ordinal);

    /// <summary>Reads a kernel's <c>.config</c>: every known symbol set to <c>y</c>.</summary>
    public static BuiltInDrivers FromKernelConfig(string config) =>
        new(Lines(config).Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[1] == "y" && ModuleOfSymbol.ContainsKey(pair[0]))
            .Select(pair => ModuleOfSymbol[pair[0]]));

    /// <summary>Reads <c>modules.builtin</c>: one object path per line (<c>kernel/drivers/nvme/host/nvme.ko</c>).</summary>
    public static BuiltInDrivers FromModulesBuiltin(string list) =>
        new(Lines(list).Select(line => Path.GetFileName(line))
            .Where(name => name.EndsWith(".ko", StringComparison.Ordinal))
            .Select(name => name[..^3].Replace('-', '_')));

    /// <summary>True if the module of that name (dashes written as underscores) is built in.</summary>
    public bool Has(string module) => _modules.Contains(module);

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
