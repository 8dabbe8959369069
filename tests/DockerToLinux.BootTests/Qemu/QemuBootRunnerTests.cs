using Xunit.Abstractions;
using DockerToLinux.Qemu;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Qemu;

/// <summary>The boot runner against tiny hand-made disks: fast, and independent of the product.</summary>
public sealed class QemuBootRunnerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly QemuBootRunner _runner = new();

    [Fact]
    public async Task A_disk_of_zeros_fails_fast_saying_there_is_no_bootable_device()
    {
        string disk = BootSectorDisk.WriteBlank(_temp.File("zeros.img"));
        var options = new BootOptions(disk).WithAccelerator(Accelerator.Tcg).WithTimeout(TimeSpan.FromSeconds(60));

        var result = await _runner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("no bootable device", result.Failure);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), $"took {result.Elapsed}");
        Assert.Equal("tcg", result.AcceleratorUsed);
    }

    [Fact]
    public async Task A_login_prompt_without_a_line_end_and_with_escapes_matches()
    {
        string disk = BootSectorDisk.WritePrinting(_temp.File("prompt.img"), "\u001b[1mDebian\u001b[0m\r\n\r\nd2l login: ");
        var console = new StringWriter();
        var options = new BootOptions(disk).WithAccelerator(Accelerator.Tcg).WithTimeout(TimeSpan.FromSeconds(60));

        var result = await _runner.RunAsync(options, console, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Null(result.Failure);
        Assert.Equal(["Debian", "", "d2l login: "], result.LastLines);
        Assert.Contains("d2l login:", console.ToString());
    }

    [Fact]
    public async Task A_console_that_never_shows_the_pattern_times_out_naming_its_last_line()
    {
        string disk = BootSectorDisk.WritePrinting(_temp.File("stuck.img"), "waiting for root device\r\n");
        var options = new BootOptions(disk).WithAccelerator(Accelerator.Tcg).WithTimeout(TimeSpan.FromSeconds(4));

        var result = await _runner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("within 4 s", result.Failure);
        Assert.Contains("last console line: waiting for root device", result.Failure);
        Assert.Equal(["waiting for root device"], result.LastLines);
    }

    [Fact]
    public async Task The_console_is_copied_to_the_log_file()
    {
        string disk = BootSectorDisk.WritePrinting(_temp.File("log.img"), "first\r\nready> ");
        string log = _temp.File("console.log");
        var options = new BootOptions(disk).WithAccelerator(Accelerator.Tcg).WithLog(log).WithExpectPattern(@"^ready>");

        var result = await _runner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("first\r\nready> ", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task The_automatic_accelerator_boots_and_names_the_accelerator_it_used()
    {
        string disk = BootSectorDisk.WritePrinting(_temp.File("auto.img"), "auto login: ");
        var options = new BootOptions(disk).WithTimeout(TimeSpan.FromSeconds(60));

        var result = await _runner.RunAsync(options, TextWriter.Null, CancellationToken.None);

        output.WriteLine($"{result.AcceleratorUsed}, {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Succeeded, result.Failure);
        Assert.Matches("^(kvm|tcg)", result.AcceleratorUsed);
    }

    [Fact]
    public async Task The_disk_image_is_never_modified()
    {
        string disk = BootSectorDisk.WritePrinting(_temp.File("untouched.img"), "x login: ");
        byte[] before = await File.ReadAllBytesAsync(disk);

        var result = await _runner.RunAsync(new BootOptions(disk).WithAccelerator(Accelerator.Tcg), TextWriter.Null,
            CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(before, await File.ReadAllBytesAsync(disk));
    }

    [Fact]
    public async Task A_missing_disk_is_bad_input()
    {
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            _runner.RunAsync(new BootOptions(_temp.File("absent.img")), TextWriter.Null, CancellationToken.None));

        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Contains("no such disk image", error.Message);
    }

    [Fact]
    public async Task Without_qemu_on_the_path_the_error_says_what_to_install()
    {
        string disk = BootSectorDisk.WriteBlank(_temp.File("noqemu.img"));
        string? path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _temp.Path);
        try
        {
            var error = await Assert.ThrowsAsync<D2lException>(() =>
                _runner.RunAsync(new BootOptions(disk), TextWriter.Null, CancellationToken.None));

            Assert.Equal(FailureKind.BadInput, error.Kind);
            Assert.Equal("qemu-system-x86_64 not found: install qemu-system-x86", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [Fact]
    public async Task Cancelling_stops_qemu_and_throws()
    {
        string disk = BootSectorDisk.WritePrinting(_temp.File("cancel.img"), "never matches\r\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var options = new BootOptions(disk).WithAccelerator(Accelerator.Tcg);

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync(options, TextWriter.Null, cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    public void Dispose() => _temp.Dispose();
}
