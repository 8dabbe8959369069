namespace DockerToLinux.Disks;

/// <summary>A disk format with its variant: what an output file is written as.</summary>
/// <param name="Format">The container format.</param>
/// <param name="Vmdk">The VMDK variant (used when <paramref name="Format"/> is VMDK).</param>
/// <param name="Vhd">The VHD variant (used when <paramref name="Format"/> is VHD).</param>
public sealed record OutputFormat(DiskFormat Format, VmdkVariant Vmdk = VmdkVariant.MonolithicSparse, VhdVariant Vhd = VhdVariant.Dynamic)
{
    /// <summary>The format names the command line accepts.</summary>
    public const string KnownNames = "raw, vdi, qcow2, vmdk, vhd";

    /// <summary>A raw disk.</summary>
    public static OutputFormat Raw { get; } = new(DiskFormat.Raw);

    /// <summary>
    /// Picks the format from an explicit name, else from the output's extension (.vdi, .qcow2, .vmdk, .vhd;
    /// anything else is raw), and applies the variants. Fails before anything is written.
    /// </summary>
    /// <exception cref="D2lException">An unknown format or variant name.</exception>
    public static OutputFormat Resolve(string? formatName, string outputPath, string? vmdkVariant = null, string? vhdVariant = null)
    {
        DiskFormat format = formatName is null ? FromExtension(outputPath) : Parse(formatName);
        var vmdk = vmdkVariant?.ToLowerInvariant() switch
        {
            null or "monolithicsparse" => VmdkVariant.MonolithicSparse,
            "streamoptimized" => VmdkVariant.StreamOptimized,
            _ => throw D2lException.BadSetting(Setting.VmdkVariant, $"unknown VMDK variant '{vmdkVariant}' (known: monolithicSparse, streamOptimized)"),
        };
        var vhd = vhdVariant?.ToLowerInvariant() switch
        {
            null or "dynamic" => VhdVariant.Dynamic,
            "fixed" => VhdVariant.Fixed,
            _ => throw D2lException.BadSetting(Setting.VhdVariant, $"unknown VHD variant '{vhdVariant}' (known: dynamic, fixed)"),
        };
        return new OutputFormat(format, vmdk, vhd);
    }

    /// <summary>The format a file name's extension names; raw for anything unknown (.img, .raw, none).</summary>
    public static DiskFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".vdi" => DiskFormat.Vdi,
        ".qcow2" => DiskFormat.Qcow2,
        ".vmdk" => DiskFormat.Vmdk,
        ".vhd" or ".vpc" => DiskFormat.Vhd,
        _ => DiskFormat.Raw,
    };

    /// <summary>Parses a format name as the command line gives it.</summary>
    /// <exception cref="D2lException">The name is not one of <see cref="KnownNames"/>.</exception>
    public static DiskFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "raw" or "img" => DiskFormat.Raw,
        "vdi" => DiskFormat.Vdi,
        "qcow2" => DiskFormat.Qcow2,
        "vmdk" => DiskFormat.Vmdk,
        "vhd" or "vpc" => DiskFormat.Vhd,
        _ => throw D2lException.BadSetting(Setting.Format, $"unknown format '{name}' (known: {KnownNames})"),
    };

    /// <inheritdoc />
    public override string ToString() => Format switch
    {
        DiskFormat.Vmdk => $"vmdk ({Vmdk})",
        DiskFormat.Vhd => $"vhd ({Vhd.ToString().ToLowerInvariant()})",
        _ => Format.ToString().ToLowerInvariant(),
    };
}
