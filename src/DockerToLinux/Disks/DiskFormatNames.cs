namespace DockerToLinux.Disks;

/// <summary>
/// How a person names a disk format: the formats d2l writes by name (raw, vdi, qcow2, vmdk, vhd, vhdx, ova) or by an
/// extension's name (img, vpc), by the output file's extension, with the VMDK and VHD variants by name; and
/// the format of a disk to boot by d2l's or QEMU's name.
/// </summary>
public static class DiskFormatNames
{
    /// <summary>The names of the formats d2l writes.</summary>
    public static string KnownNames => string.Join(", ", DiskTargets.Formats.Select(f => f.Name).Distinct());

    /// <summary>
    /// Picks the format to write from an explicit name, else from the output's extension (.vdi, .qcow2, .vmdk,
    /// .vhd; anything else is raw), and applies the variants. Fails before anything is written.
    /// </summary>
    /// <exception cref="D2lException">An unknown format or variant name.</exception>
    public static DiskFormat Resolve(string? formatName, string outputPath, string? vmdkVariant = null, string? vhdVariant = null)
    {
        var container = formatName is null ? FromExtension(outputPath) : Parse(formatName);
        var vmdk = Variant(DiskFormat.VmdkMonolithicSparse, vmdkVariant, Setting.VmdkVariant);
        var vhd = Variant(DiskFormat.VhdDynamic, vhdVariant, Setting.VhdVariant);
        return container.SameContainerAs(vmdk) ? vmdk : container.SameContainerAs(vhd) ? vhd : container;
    }

    /// <summary>The format d2l writes for a file name's extension; raw for anything else (.img, .raw, none).</summary>
    public static DiskFormat FromExtension(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return DiskTargets.Formats.FirstOrDefault(f => f.Extensions.Contains(extension)) ?? DiskFormat.Raw;
    }

    /// <summary>
    /// The format of a disk to boot: any format d2l knows, by d2l's name or QEMU's (<c>vhd</c> and <c>vpc</c>
    /// alike), or else a format only QEMU knows, handed to it as named.
    /// </summary>
    /// <exception cref="D2lException">A name that cannot be a QEMU format name.</exception>
    public static DiskFormat ForBoot(string name) =>
        DiskFormat.All.FirstOrDefault(f => Names(f, name) || f.QemuName.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? DiskFormat.QemuOnly(name)
            : throw D2lException.BadSetting(Setting.Format, $"'{name}' is not a disk format name"));

    private static DiskFormat Parse(string name) =>
        DiskTargets.Formats.FirstOrDefault(f => Names(f, name))
        ?? throw D2lException.BadSetting(Setting.Format, $"unknown format '{name}' (known: {KnownNames})");

    private static DiskFormat Variant(DiskFormat container, string? variant, Setting setting)
    {
        var variants = DiskTargets.Formats.Where(container.SameContainerAs).ToList();
        return variant is null
            ? container
            : variants.FirstOrDefault(f => string.Equals(f.Variant, variant, StringComparison.OrdinalIgnoreCase))
                ?? throw D2lException.BadSetting(setting, $"unknown {container.Name.ToUpperInvariant()} variant '{variant}' (known: {string.Join(", ", variants.Select(f => f.Variant))})");
    }

    // A format is named by its own name or by one of its extensions without the dot.
    private static bool Names(DiskFormat format, string name) =>
        format.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
        || format.Extensions.Any(e => e.AsSpan(1).Equals(name, StringComparison.OrdinalIgnoreCase));
}
