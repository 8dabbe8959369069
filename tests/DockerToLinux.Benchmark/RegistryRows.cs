using DockerToLinux.Tests.Images.Registry;

namespace DockerToLinux.Benchmark;

/// <summary>
/// The image pulled from a registry: d2l's build from Debian's docker-registry on loopback and through a
/// link limited to <see cref="LinkBytesPerSecond"/>, each beside the archive build and the plain download of
/// the same layer blobs (curl, all at once, as d2l reads them). The runs alternate, one of each in turn, so
/// that a machine whose load changes during the benchmark weighs on every row alike.
/// </summary>
internal static class RegistryRows
{
    /// <summary>The limited link: 100 MB/s, about a 1 Gbit/s network.</summary>
    public const double LinkBytesPerSecond = 100e6;

    private const string Repository = "bench/debian";

    /// <summary>Times the rows and adds them, with their targets, to <paramref name="report"/>.</summary>
    public static void Run(string d2l, ImageArchive image, string work, int runs, Report report)
    {
        if (Shell.Run("command -v docker-registry skopeo curl >/dev/null || echo missing").Trim().Length > 0)
        {
            report.Note("registry rows not run: they need docker-registry, skopeo and curl");
            return;
        }
        using var registry = LocalRegistry.Start();
        registry.Push($"oci-archive:{image.Archive}", $"{Repository}:1");
        using var proxy = new ThrottledProxy(registry.Port, LinkBytesPerSecond);
        string loopback = $"127.0.0.1:{registry.Port}";
        string disk = Path.Combine(work, "registry.img");
        Sample Build(string source) => Shell.Timed($"{d2l} build {source} -o {disk}", before: $"rm -f {disk}");
        Sample Download(string host) => Shell.Timed(string.Join(' ', image.LayerBlobs.Select(blob =>
                $"curl -sf -o /dev/null http://{host}/v2/{Repository}/blobs/sha256:{Path.GetFileName(blob)} &"))
            + " for job in $(jobs -p); do wait $job || exit 1; done");
        (string Name, Func<Sample> Run)[] kinds =
        [
            ("d2l build from the oci-archive", () => Build($"oci-archive:{image.Archive}")),
            ("d2l build from docker-registry on loopback", () => Build($"docker://{loopback}/{Repository}:1")),
            ("download of the layer blobs on loopback (curl, in parallel)", () => Download(loopback)),
            ($"d2l build from docker-registry through a {LinkBytesPerSecond / 1e6:0} MB/s link", () => Build($"docker://{proxy.Host}/{Repository}:1")),
            ($"download of the layer blobs through the {LinkBytesPerSecond / 1e6:0} MB/s link (curl, in parallel)", () => Download(proxy.Host)),
        ];
        var samples = kinds.Select(_ => new List<Sample>()).ToArray();
        for (int run = 0; run < runs; run++)
        {
            for (int kind = 0; kind < kinds.Length; kind++)
            {
                samples[kind].Add(kinds[kind].Run());
            }
        }
        var medians = samples.Select(Sample.Median).ToArray();
        report.Row(kinds[0].Name, medians[0]);
        report.Row(kinds[1].Name, medians[1], $"{medians[1].Seconds / medians[0].Seconds:0.00} x the archive build");
        report.Row(kinds[2].Name, medians[2]);
        report.Row(kinds[3].Name, medians[3], $"{medians[3].Seconds / medians[4].Seconds:0.00} x the download through the link");
        report.Row(kinds[4].Name, medians[4]);
        report.Target("registry build on loopback / archive build <= 1.1", medians[1].Seconds / medians[0].Seconds, 1.1);
        report.Target($"registry build through {LinkBytesPerSecond / 1e6:0} MB/s / download through it <= 1.1",
            medians[3].Seconds / medians[4].Seconds, 1.1);
        File.Delete(disk);
    }
}
