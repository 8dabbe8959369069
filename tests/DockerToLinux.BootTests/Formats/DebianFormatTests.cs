using DockerToLinux.BootTests.Support;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Disks;
using DockerToLinux.Tests.Support;
using Xunit.Abstractions;

namespace DockerToLinux.BootTests.Formats;

/// <summary>
/// The issue's acceptance on the Debian template: every format qemu-img checks clean and compares identical
/// to the raw build, takes little more space than raw's allocated blocks, converts back to raw byte for byte,
/// and the VDI and qcow2 disks boot to a login prompt.
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
    public async Task The_template_boots_to_a_login_prompt_from_the_format(string name)
    {
        var disk = await builds.FormatAsync(name);
        var options = new BootOptions(disk.Path) { DiskFormat = name }
            .WithExpectPattern(@"^d2l login:")
            .WithTimeout(TimeSpan.FromMinutes(4))
            .WithLog(builds.Folder.File($"boot-{name}.log"));

        var result = await new QemuBootRunner().RunAsync(options, TextWriter.Null, CancellationToken.None);

        output.WriteLine($"{name}: {result.AcceleratorUsed}, {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Succeeded, $"{result.Failure}\n{string.Join('\n', result.LastLines)}");
    }

    [Fact]
    public void An_unknown_format_is_refused_before_anything_is_written()
    {
        string disk = builds.Folder.File("never.img");
        var result = D2lProcess.RunAsNobody(builds.Folder, ["build", "oci-archive:/nonexistent.tar", "-o", disk, "--format", "floppy"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format: unknown format 'floppy' (known: raw, vdi, qcow2, vmdk, vhd)", result.StdErr);
        Assert.Empty(Directory.GetFiles(builds.Folder.Path, "*never*", SearchOption.TopDirectoryOnly));
    }

    private static long Allocated(string path) => long.Parse(Tool.Run("stat", "-c", "%b", path).StdOut.Trim()) * 512;
}
