using Xunit.Abstractions;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>
/// A real Debian boot through the runner, on a disk built by referees only (tar and mkfs.ext4 -d from
/// the template fixture) and started by direct kernel boot, so the runner is proven apart from the product.
/// </summary>
public sealed class DebianKernelBootTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_template_kernel_and_root_filesystem_boot_to_a_login_prompt()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.DockerArchive);
        string root = _temp.File("rootfs");
        ExtractedRootFs.Unpack(archive, root);
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "hostname"), "d2l\n");
        string kernel = Directory.GetFiles(Path.Combine(root, "boot"), "vmlinuz-*").Single();
        string initrd = Directory.GetFiles(Path.Combine(root, "boot"), "initrd.img-*").Single();
        string disk = _temp.File("root.ext4");
        ExtractedRootFs.WriteExt4(root, disk, sizeMiB: 1536);
        string log = _temp.File("console.log");
        var options = new BootOptions(disk)
            .WithKernel(kernel, initrd, "root=/dev/vda rw console=ttyS0,115200n8 panic=-1")
            .WithExpectPattern(@"^d2l login:")
            .WithTimeout(TimeSpan.FromMinutes(4))
            .WithLog(log);

        var result = await new QemuBootRunner().RunAsync(options, TextWriter.Null, CancellationToken.None);

        output.WriteLine($"{result.AcceleratorUsed}, {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Succeeded, $"{result.Failure}\n{string.Join('\n', result.LastLines)}");
        Assert.Contains("Linux version", await File.ReadAllTextAsync(log));
        Assert.Matches("^(kvm|tcg)", result.AcceleratorUsed);
    }

    public void Dispose() => _temp.Dispose();
}
