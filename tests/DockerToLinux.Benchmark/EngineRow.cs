using DockerToLinux.Tests.Corpus;

namespace DockerToLinux.Benchmark;

/// <summary>
/// The image read from a Docker engine's socket (<c>docker-daemon:</c>): Debian's dockerd started for the
/// benchmark in a folder of its own (vfs storage, no network setup), the template's docker-archive loaded
/// into it, and d2l's build from the engine timed beside the archive build and beside the engine's export
/// alone (the same <c>GET /images/NAME/get</c> d2l sends, by curl into /dev/null), the runs alternating: what
/// the engine costs and what d2l adds to it.
/// </summary>
internal static class EngineRow
{
    private const string Tag = "bench/debian:1";

    /// <summary>Times the row and adds it to <paramref name="report"/>.</summary>
    public static void Run(string d2l, string ociArchive, string dockerArchive, string work, int runs, Report report)
    {
        if (Shell.Run("command -v dockerd docker >/dev/null || echo missing").Trim().Length > 0)
        {
            report.Note("engine row not run: dockerd and the docker client are not installed");
            return;
        }
        using var engine = new DockerEngine();
        string loaded = engine.Docker("load", "-q", "-i", dockerArchive).EnsureSuccess("docker load").StdOut.Trim().Split('\n')[^1];
        engine.Docker("tag", loaded[(loaded.IndexOf(':') + 1)..].Trim(), Tag).EnsureSuccess("docker tag");
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = engine.Host };
        string disk = Path.Combine(work, "engine.img");
        string socket = engine.Host["unix://".Length..];
        var archiveRuns = new List<Sample>();
        var engineRuns = new List<Sample>();
        var exportRuns = new List<Sample>();
        for (int run = 0; run < runs; run++)
        {
            archiveRuns.Add(Shell.Timed($"{d2l} build oci-archive:{ociArchive} -o {disk}", before: $"rm -f {disk}"));
            engineRuns.Add(Shell.Timed($"{d2l} build docker-daemon:{Tag} -o {disk}", environment, before: $"rm -f {disk}"));
            exportRuns.Add(Shell.Timed($"curl -sSf --unix-socket {socket} http://engine/images/{Tag}/get -o /dev/null"));
        }
        var archive = Sample.Median(archiveRuns);
        var fromEngine = Sample.Median(engineRuns);
        var export = Sample.Median(exportRuns);
        report.Row("d2l build from the Docker engine's socket (docker-daemon:, dockerd 20.10, vfs)", fromEngine,
            $"{fromEngine.Seconds / archive.Seconds:0.00} x the archive build in the same runs ({archive.Seconds:0.00} s)");
        report.Row("the engine's export alone (GET /images/NAME/get into /dev/null, curl)", export,
            $"{export.Seconds / fromEngine.Seconds:0.00} of the build from the engine; d2l adds {fromEngine.Seconds - export.Seconds:0.00} s");
        File.Delete(disk);
    }
}
