using DockerToLinux.Disks;

namespace DockerToLinux.Tests.Disks;

/// <summary>One output format under test, with the name qemu-img knows it by and whether qemu-img can check it.</summary>
public sealed record FormatCase(string Name, OutputFormat Format, string Extension, string QemuFormat, bool QemuChecks)
{
    /// <summary>Every format and variant d2l writes.</summary>
    public static readonly IReadOnlyDictionary<string, FormatCase> All = new[]
    {
        new FormatCase("vdi", new OutputFormat(DiskFormat.Vdi), ".vdi", "vdi", true),
        new FormatCase("qcow2", new OutputFormat(DiskFormat.Qcow2), ".qcow2", "qcow2", true),
        new FormatCase("vmdk", new OutputFormat(DiskFormat.Vmdk), ".vmdk", "vmdk", true),
        new FormatCase("vmdk-stream", new OutputFormat(DiskFormat.Vmdk, VmdkVariant.StreamOptimized), ".vmdk", "vmdk", true),
        new FormatCase("vhd", new OutputFormat(DiskFormat.Vhd), ".vhd", "vpc", false),
        new FormatCase("vhd-fixed", new OutputFormat(DiskFormat.Vhd, Vhd: VhdVariant.Fixed), ".vhd", "vpc", false),
    }.ToDictionary(c => c.Name);

    /// <summary>The case names, as xunit theory data.</summary>
    public static TheoryData<string> Names() => new(All.Keys);
}
