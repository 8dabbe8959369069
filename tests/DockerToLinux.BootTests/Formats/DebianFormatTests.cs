using System.Diagnostics;
using System.Text.Json;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Disks;
using DockerToLinux.Tests.Support;
using Xunit.Abstractions;

namespace DockerToLinux.BootTests.Formats;

/// <summary>
/// The acceptance on the Debian template: every format qemu-img checks clean and compares identical
/// to the raw build, takes little more space than raw's allocated blocks, converts back to raw byte for byte,
/// and <c>d2l boot</c> recognises each of the VDI, qcow2, VMDK (monolithicSparse) and VHD (dynamic) disks
/// by its bytes and boots it to a login prompt, and a VHDX with the UEFI boot loader (what a Hyper-V
/// generation 2 VM takes) with UEFI firmware.
/// </summary>
public sealed class DebianFormatTests(DebianFormatBuilds builds, ITestOutputHelper output) : IClassFixture<DebianFormatBuilds>
{
    [Theory]
    [MemberData(nameof(FormatCase.Names), MemberType = typeof(FormatCase))]
    public async Task The_template_in_each_format_is_clean_identical_to_raw_and_no_bigger(string name)
    {
        var format = FormatCase.All[name];
        var raw = await builds.RawAsync();
        var disk = await builds.FormatAsync(name);

        if (format.QemuChecks)
        {
            Tool.Run("qemu-img", "check", "-f", format.QemuFormat, disk.Path).EnsureSuccess("qemu-img check");
        }
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", format.QemuFormat, raw.Path, disk.Path).EnsureSuccess("qemu-img compare");
        long rawBlocks = Allocated(raw.Path), diskBlocks = Allocated(disk.Path);
        output.WriteLine($"{name}: {diskBlocks >> 20} MiB on disk (raw {rawBlocks >> 20} MiB), file {new FileInfo(disk.Path).Length >> 20} MiB, "
            + $"built in {disk.Elapsed.TotalSeconds:0.0} s (raw {raw.Elapsed.TotalSeconds:0.0} s)");
        Assert.True(diskBlocks <= rawBlocks * 101 / 100 + (4 << 20), $"{diskBlocks} bytes on disk against raw's {rawBlocks}");
    }

    [Theory]
    [MemberData(nameof(FormatCase.Names), MemberType = typeof(FormatCase))]
    public async Task D2l_convert_from_raw_to_each_format_and_back_is_byte_identical(string name)
    {
        var format = FormatCase.All[name];
        var raw = await builds.RawAsync();
        string converted = builds.Folder.File($"convert-{name}{format.Extension}");
        string back = builds.Folder.File($"convert-{name}.img");
        string[] variant = name switch
        {
            "vmdk-stream" => ["--vmdk-variant", "streamOptimized"],
            "vhd-fixed" => ["--vhd-variant", "fixed"],
            _ => [],
        };
        try
        {
            D2lProcess.RunAsNobody(builds.Folder, ["convert", raw.Path, converted, .. variant]).EnsureSuccess("d2l convert to the format");
            D2lProcess.RunAsNobody(builds.Folder, ["convert", converted, back]).EnsureSuccess("d2l convert back to raw");
            Tool.Run("cmp", raw.Path, back).EnsureSuccess("cmp of the round trip");
            Tool.Run("qemu-img", "compare", "-f", "raw", "-F", format.QemuFormat, raw.Path, converted).EnsureSuccess("qemu-img compare");
        }
        finally
        {
            File.Delete(converted);
            File.Delete(back);
        }
    }

    [Theory]
    [InlineData("vdi")]
    [InlineData("qcow2")]
    [InlineData("vmdk")]
    [InlineData("vhd")]
    public async Task D2l_boot_detects_the_format_from_the_file_and_boots_the_template_to_a_login_prompt(string name)
    {
        var format = FormatCase.All[name];
        var disk = await builds.FormatAsync(name);
        var clock = Stopwatch.StartNew();

        var result = D2lProcess.RunAsNobody(builds.Folder, ["boot", disk.Path, "--timeout", "300", "--json"],
            timeout: TimeSpan.FromMinutes(10));

        output.WriteLine($"{name}: exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s\n{result.StdOut}\n{result.StdErr}");
        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal(format.QemuFormat, report.RootElement.GetProperty("format").GetString());
        Assert.True(report.RootElement.GetProperty("booted").GetBoolean());
        Assert.True(report.RootElement.GetProperty("stages").TryGetProperty("login_prompt", out _), result.StdOut);
    }

    [Fact]
    public async Task D2l_boot_boots_the_template_as_a_uefi_vhdx_with_uefi_firmware_to_a_login_prompt()
    {
        var disk = await builds.FormatAsync("vhdx-uefi");
        var clock = Stopwatch.StartNew();

        var result = D2lProcess.RunAsNobody(builds.Folder, ["boot", disk.Path, "--firmware", "uefi", "--timeout", "300", "--json"],
            timeout: TimeSpan.FromMinutes(10));

        output.WriteLine($"vhdx-uefi: exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s\n{result.StdOut}\n{result.StdErr}");
        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("vhdx", report.RootElement.GetProperty("format").GetString());
        Assert.True(report.RootElement.GetProperty("stages").TryGetProperty("login_prompt", out _), result.StdOut);
    }

    [Fact]
    public void An_unknown_format_is_refused_before_anything_is_written()
    {
        string disk = builds.Folder.File("never.img");
        var result = D2lProcess.RunAsNobody(builds.Folder, ["build", "oci-archive:/nonexistent.tar", "-o", disk, "--format", "floppy"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format: unknown format 'floppy' (known: raw, vdi, qcow2, vmdk, vhd, vhdx, ova)", result.StdErr);
        Assert.Empty(Directory.GetFiles(builds.Folder.Path, "*never*", SearchOption.TopDirectoryOnly));
    }

    [Fact]
    public void Boot_testing_an_ova_is_refused_before_anything_is_written()
    {
        string disk = builds.Folder.File("never.ova");
        var result = D2lProcess.RunAsNobody(builds.Folder, ["build", "oci-archive:/nonexistent.tar", "-o", disk, "--boot-test"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--boot-test: QEMU cannot boot an OVA package", result.StdErr);
        Assert.Empty(Directory.GetFiles(builds.Folder.Path, "*never*", SearchOption.TopDirectoryOnly));
    }

    private static long Allocated(string path) => long.Parse(Tool.Run("stat", "-c", "%b", path).StdOut.Trim()) * 512;
}
