using System.Text;
using DockerToLinux.Kernels;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Kernels;

public class NewcArchiveWriterTests
{
    private static readonly FsTimestamp Time = FsTimestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private static async Task<byte[]> ArchiveAsync()
    {
        using var output = new MemoryStream();
        var archive = new NewcArchiveWriter(output, Time);
        await archive.AddDirectoryAsync("/bin", 0b111_101_101, default);
        await archive.AddCharacterDeviceAsync("/dev/console", 0b110_000_000, 5, 1, default);
        await archive.AddFileAsync("/bin/tool", 0b111_101_101, new MemoryStream(Encoding.UTF8.GetBytes("odd length")), 10, default);
        await archive.AddFileAsync("/init", 0b111_101_101, Encoding.UTF8.GetBytes("#!/bin/sh\n"), default);
        await archive.FinishAsync(default);
        return output.ToArray();
    }

    [Fact]
    public async Task Gnu_cpio_lists_every_entry_with_its_type_mode_and_size()
    {
        using var folder = new TempDir();
        string path = Path.Combine(folder.Path, "initramfs.cpio");
        await File.WriteAllBytesAsync(path, await ArchiveAsync());

        var listing = Tool.Shell($"cpio -itv --quiet -H newc < '{path}'").EnsureSuccess("cpio -itv").StdOut;

        var entries = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(fields => $"{fields[0]} {fields[^1]}");
        Assert.Equal(["drwxr-xr-x bin", "crw------- dev/console", "-rwxr-xr-x bin/tool", "-rwxr-xr-x init"], entries);
    }

    [Fact]
    public async Task Gnu_cpio_extracts_the_files_bytes_as_written()
    {
        using var folder = new TempDir();
        string path = Path.Combine(folder.Path, "initramfs.cpio");
        await File.WriteAllBytesAsync(path, await ArchiveAsync());

        Tool.Shell($"cd '{folder.Path}' && mkdir out && cd out && cpio -id --quiet -H newc bin/tool init < '{path}'").EnsureSuccess("cpio -id");

        Assert.Equal(("odd length", "#!/bin/sh\n"), (File.ReadAllText(Path.Combine(folder.Path, "out/bin/tool")),
            File.ReadAllText(Path.Combine(folder.Path, "out/init"))));
    }

    [Fact]
    public async Task A_file_stream_shorter_than_its_declared_length_is_an_error()
    {
        var archive = new NewcArchiveWriter(new MemoryStream(), Time);

        await Assert.ThrowsAsync<EndOfStreamException>(() => archive.AddFileAsync("/short", 0b110_100_100, new MemoryStream([1, 2]), 3, default));
    }
}
