using System.CommandLine;
using DockerToLinux.Disks;

namespace DockerToLinux.Cli;

/// <summary>The output-format options shared by <c>build</c> and <c>convert</c>.</summary>
internal static class FormatOptions
{
    /// <summary>Creates <c>--format</c>, <c>--vmdk-variant</c> and <c>--vhd-variant</c>.</summary>
    public static (Option<string?> Format, Option<string?> VmdkVariant, Option<string?> VhdVariant) Create() =>
    (
        new Option<string?>("--format") { Description = $"Disk format: {DiskFormatNames.KnownNames} (default: from the output's extension, else raw)" },
        new Option<string?>("--vmdk-variant") { Description = "monolithicSparse (default; VMware Workstation, VirtualBox) or streamOptimized (OVA, ESXi import)" },
        new Option<string?>("--vhd-variant") { Description = "dynamic (default) or fixed (Azure; sized to a whole MiB)" }
    );

    /// <summary>The format the options and the output's extension choose; throws a bad-input error before anything is written.</summary>
    public static DiskFormat Resolve(ParseResult parsed, Option<string?> format, Option<string?> vmdkVariant, Option<string?> vhdVariant,
        string outputPath) =>
        DiskFormatNames.Resolve(parsed.GetValue(format), outputPath, parsed.GetValue(vmdkVariant), parsed.GetValue(vhdVariant));
}
