using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images;
using DockerToLinux.Tests.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Hostile;

/// <summary>
/// Broken and hostile inputs given to the real d2l, run as nobody: each ends with exit 2, one line naming the
/// input and the cause, and nothing left in the output folder.
/// </summary>
public class HostileInputTests
{
    private const int BadInput = 2;

    private static ToolResult Build(TempDir home, string source, params string[] more) =>
        D2lProcess.RunAsNobody(home, ["build", source, "-o", Path.Combine(Refusal.OutputFolder(home), "disk.img"), .. more]);

    private static string SmallLayout(TempDir home, params byte[][] layers)
    {
        OciLayoutWriter.WriteLayout(home.File("layout"), layers.Select(OciLayoutWriter.Plain).ToList());
        return home.File("layout");
    }

    private static byte[] OneFileLayer(string content) => new TestLayer().Dir("etc").File("etc/data", content).ToArray();

    [Fact]
    public void A_nonexistent_path_is_refused_with_its_name()
    {
        using var home = new TempDir();
        Refusal.Check(Build(home, "/nonexistent/image.tar"), BadInput, home.File("out"), "/nonexistent/image.tar", "no such file");
    }

    [Fact]
    public void With_verbose_the_same_refusal_adds_the_stack_trace()
    {
        using var home = new TempDir();
        var result = Build(home, "/nonexistent/image.tar", "--verbose");
        Assert.Equal(BadInput, result.ExitCode);
        Assert.Contains("d2l: /nonexistent/image.tar: no such file", result.StdErr);
        Assert.Contains("   at ", result.StdErr);
    }

    [Theory]
    [InlineData("0", "--jobs: 0 is not a number of layers")]
    [InlineData("two", "'two' for option '--jobs' as a whole number")]
    public void A_jobs_count_that_is_not_a_positive_whole_number_is_refused_before_the_image_is_read(string jobs, string reason)
    {
        using var home = new TempDir();
        string layout = SmallLayout(home, OneFileLayer("x"));
        Refusal.Check(Build(home, $"oci:{layout}", "--jobs", jobs), BadInput, home.File("out"), reason);
    }

    [Fact]
    public void An_empty_file_is_refused_as_empty()
    {
        using var home = new TempDir();
        File.WriteAllBytes(home.File("empty.tar"), []);
        Refusal.Check(Build(home, home.File("empty.tar")), BadInput, home.File("out"), "empty.tar", "empty file");
    }

    [Fact]
    public void A_truncated_archive_is_refused()
    {
        using var home = new TempDir();
        SmallLayout(home, OneFileLayer(new string('x', 5000)));
        Tool.Run("tar", "-C", home.File("layout"), "-cf", home.File("full.tar"), ".").EnsureSuccess("tar");
        byte[] full = File.ReadAllBytes(home.File("full.tar"));
        File.WriteAllBytes(home.File("cut.tar"), full[..(full.Length / 2 + 100)]);
        Refusal.Check(Build(home, $"oci-archive:{home.File("cut.tar")}"), BadInput, home.File("out"), "cut.tar");
    }

    [Fact]
    public void An_index_json_that_is_not_json_is_refused()
    {
        using var home = new TempDir();
        string layout = SmallLayout(home, OneFileLayer("data"));
        File.WriteAllText(Path.Combine(layout, "index.json"), "{ not json");
        Refusal.Check(Build(home, $"oci:{layout}"), BadInput, home.File("out"), layout, "index.json is not valid JSON");
    }

    [Fact]
    public void A_layer_blob_with_a_changed_byte_fails_its_digest()
    {
        using var home = new TempDir();
        byte[] tar = OneFileLayer("original content " + new string('y', 3000));
        string layout = SmallLayout(home, tar);
        string blob = Path.Combine(layout, "blobs", "sha256", OciLayoutWriter.Sha(tar)[7..]);
        byte[] bytes = File.ReadAllBytes(blob);
        bytes[bytes.AsSpan().IndexOf("original"u8)] = (byte)'O';
        File.WriteAllBytes(blob, bytes);
        Refusal.Check(Build(home, $"oci:{layout}", "--bootloader", "none"), BadInput, home.File("out"), layout, "digest mismatch");
    }

    [Fact]
    public async Task An_image_with_no_kernel_is_refused_for_a_bootable_disk()
    {
        using var home = new TempDir();
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.BaseOciArchive);
        Refusal.Check(Build(home, $"oci-archive:{archive}"), BadInput, home.File("out"), archive, "no kernel");
    }

    [Fact]
    public async Task A_size_of_64M_for_the_Debian_template_is_refused_before_any_layer_is_read()
    {
        using var home = new TempDir();
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
        var result = Build(home, $"oci-archive:{archive}", "--size", "64M");
        Refusal.Check(result, BadInput, home.File("out"), "--size", "64 MiB is too small", "needs about");
        Assert.DoesNotContain("flatten:", result.StdErr);
    }

    [Fact]
    public void A_size_found_too_small_while_writing_stops_the_build_and_removes_the_partial_disk()
    {
        using var home = new TempDir();
        // 24 MiB of incompressible data: the layer's hint passes the early check for a 20 MiB disk, the data does not fit.
        var noise = new byte[24 << 20];
        new Random(7).NextBytes(noise);
        var layer = new TestLayer().Dir("srv");
        var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "srv/noise") { DataStream = new MemoryStream(noise) };
        string layout = SmallLayout(home, WithEntry(layer, entry));
        Refusal.Check(Build(home, $"oci:{layout}", "--size", "20M", "--bootloader", "none"), BadInput, home.File("out"),
            "--size: a disk of 20 MiB is too small", "filled up after", "needs about 26 MiB or more");
    }

    [Fact]
    public void A_gzip_bomb_whose_trailer_lies_about_its_size_stops_when_the_disk_is_full()
    {
        using var home = new TempDir();
        // 100 MiB of one non-zero byte (no holes to hide in) compresses to about 100 KiB; the gzip trailer is
        // forged to claim 4 KiB, so the early size check cannot see it coming.
        var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "bomb")
        {
            DataStream = new MemoryStream(Enumerable.Repeat((byte)'A', 100 << 20).ToArray()),
        };
        byte[] tar = WithEntry(new TestLayer().Dir("srv"), entry);
        byte[] blob = LayerCompressor.Gzip(tar);
        BitConverter.GetBytes(4096).CopyTo(blob, blob.Length - 4);
        OciLayoutWriter.WriteLayout(home.File("layout"), [new TestBlobLayer(tar, blob, "application/vnd.oci.image.layer.v1.tar+gzip")]);
        Refusal.Check(Build(home, $"oci:{home.File("layout")}", "--size", "32M", "--bootloader", "none"), BadInput, home.File("out"),
            "--size: a disk of 32 MiB is too small", "filled up after");
    }

    private static byte[] WithEntry(TestLayer layer, System.Formats.Tar.TarEntry entry)
    {
        byte[] head = layer.ToArray();
        var tar = new MemoryStream();
        tar.Write(head, 0, head.Length - 1024);
        using (var writer = new System.Formats.Tar.TarWriter(tar, leaveOpen: true))
        {
            writer.WriteEntry(entry);
        }
        return tar.ToArray();
    }

    [Fact]
    public void The_unknown_format_floppy_is_a_usage_error()
    {
        // --format arrives with the disk-formats work; until then the parser itself must refuse it.
        using var home = new TempDir();
        SmallLayout(home, OneFileLayer("data"));
        string reason = Refusal.Check(Build(home, $"oci:{home.File("layout")}", "--format", "floppy"), BadInput, home.File("out"));
        Assert.True(reason.Contains("floppy", StringComparison.Ordinal) || reason.Contains("--format", StringComparison.Ordinal), reason);
    }

    [Fact]
    public void A_registry_port_with_nothing_listening_is_refused_in_one_line()
    {
        using var home = new TempDir();
        Refusal.Check(Build(home, "docker://127.0.0.1:1/x"), BadInput, home.File("out"), "docker://127.0.0.1:1/x");
    }

    [Fact]
    public void An_unknown_transport_is_refused_with_the_known_ones()
    {
        using var home = new TempDir();
        Refusal.Check(Build(home, "ftp:thing"), BadInput, home.File("out"), "unknown transport 'ftp:'", "oci-archive");
    }

    [Fact]
    public void An_output_folder_nobody_may_write_is_refused_before_the_image_is_read()
    {
        using var home = new TempDir();
        string layout = SmallLayout(home, OneFileLayer("data"));
        string locked = home.File("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, (UnixFileMode)0b111_101_101);
        var result = D2lProcess.RunAsNobody(home, ["build", $"oci:{layout}", "-o", Path.Combine(locked, "disk.img")]);
        Refusal.Check(result, BadInput, locked, "disk.img", "not writable");
        Assert.DoesNotContain("read:", result.StdErr);
    }

    [Fact]
    public void A_layer_whose_size_field_promises_more_than_its_data_is_bad_input_not_a_crash()
    {
        using var home = new TempDir();
        // A well-formed header (checksum recomputed) whose size says 1 MiB over 600 bytes of data; the
        // layout's digests are computed over the changed tar, so only the tar itself is wrong.
        byte[] tar = OneFileLayer(new string('z', 600));
        int header = Enumerable.Range(0, tar.Length / 512).Select(block => block * 512)
            .First(offset => tar.AsSpan(offset, 9).SequenceEqual("etc/data\0"u8) && tar[offset + 156] == (byte)'0');
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(1 << 20, 8).PadLeft(11, '0')).CopyTo(tar, header + 124);
        System.Text.Encoding.ASCII.GetBytes("        ").CopyTo(tar, header + 148);
        int sum = tar.AsSpan(header, 512).ToArray().Sum(b => b);
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, header + 148);
        string layout = SmallLayout(home, tar);
        Refusal.Check(Build(home, $"oci:{layout}", "--bootloader", "none"), BadInput, home.File("out"), "etc/data");
    }
}
