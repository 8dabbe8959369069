using DockerToLinux.Disks;

namespace DockerToLinux.Tests.Disks;

/// <summary>One output format under test, with whether qemu-img can check it.</summary>
public sealed record FormatCase(string Name, DiskFormat Format, string Extension, bool QemuChecks)
{
    /// <summary>Every format and variant d2l writes.</summary>
    public static readonly IReadOnlyDictionary<string, FormatCase> All = new[]
    {
        new FormatCase("vdi", DiskFormat.Vdi, ".vdi", true),
        new FormatCase("qcow2", DiskFormat.Qcow2, ".qcow2", true),
        new FormatCase("vmdk", DiskFormat.VmdkMonolithicSparse, ".vmdk", true),
        new FormatCase("vmdk-stream", DiskFormat.VmdkStreamOptimized, ".vmdk", true),
        new FormatCase("vhd", DiskFormat.VhdDynamic, ".vhd", false),
        new FormatCase("vhd-fixed", DiskFormat.VhdFixed, ".vhd", false),
        new FormatCase("vhdx", DiskFormat.Vhdx, ".vhdx", true),
    }.ToDictionary(c => c.Name);

    /// <summary>The identity and time every format test writes its disks with.</summary>
    public static readonly DiskStamp Stamp = new(new Guid("0f3c8b2e-5d7a-4c1e-9b6f-2a4d8e1c3b5a"),
        new Guid("7a1e4c9d-2b3f-4e8a-8c6d-5f0b9a2e7d14"), new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The case names, as xunit theory data.</summary>
    public static TheoryData<string> Names() => new(All.Keys);

    /// <summary>The name qemu-img knows the format by.</summary>
    public string QemuFormat => Format.QemuName;
}
