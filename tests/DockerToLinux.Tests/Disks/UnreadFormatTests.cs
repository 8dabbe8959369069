using DockerToLinux.Disks;
using DockerToLinux.Pipeline;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>
/// Formats d2l recognises but does not read (a VMDK text descriptor with its extents beside it):
/// <c>convert</c> refuses them in one line, <c>boot</c> still hands them to QEMU by name.
/// </summary>
public sealed class UnreadFormatTests : IDisposable
{
    private static readonly DiskStamp Stamp = FormatCase.Stamp;
    private readonly TempDir _temp = new();

    [Theory]
    [InlineData("vmdk", "subformat=monolithicFlat", "a vmdk (text descriptor) disk, which d2l does not read")]
    public async Task Converting_one_is_bad_input_in_one_line_naming_the_format_and_writes_nothing(string qemuFormat, string options, string cause)
    {
        string disk = QemuImgCreate(qemuFormat, options), output = _temp.File("out.img");

        var error = await Assert.ThrowsAsync<D2lException>(() =>
            new DiskConverter().ConvertAsync(disk, output, DiskFormat.Raw, false, Stamp, null, CancellationToken.None));

        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith($"{disk}: {cause}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("vhdx", "")]
    [InlineData("vmdk", "subformat=monolithicFlat")]
    public async Task Booting_one_tells_qemu_its_format(string qemuFormat, string options)
    {
        string disk = QemuImgCreate(qemuFormat, options);
        var format = await DiskFormatDetector.DetectAsync(disk, CancellationToken.None);

        string command = QemuBootRunner.DescribeCommandLine(new BootOptions(disk, format), _temp.File("firmware.log"));

        Assert.Contains($"file={disk},format={qemuFormat},if=virtio", command);
    }

    private string QemuImgCreate(string qemuFormat, string options)
    {
        string disk = _temp.File("disk." + qemuFormat);
        string[] extra = options.Length > 0 ? ["-o", options] : [];
        Tool.Run("qemu-img", ["create", "-q", "-f", qemuFormat, .. extra, disk, "16M"], stdin: null).EnsureSuccess("qemu-img create");
        return disk;
    }

    public void Dispose() => _temp.Dispose();
}
