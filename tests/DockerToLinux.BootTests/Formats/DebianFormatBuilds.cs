using System.Collections.Concurrent;
using System.Diagnostics;
using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Formats;

/// <summary>
/// The Debian template built by the real d2l, as <c>nobody</c>, once per format and variant, all with the same
/// SOURCE_DATE_EPOCH so that every disk holds the same bytes as the raw build. Each build is made on first use.
/// </summary>
public sealed class DebianFormatBuilds : IDisposable
{
    private readonly TempDir _folder = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<Build>>> _builds = new();

    /// <summary>A finished build: the file and how long d2l took.</summary>
    public sealed record Build(string Path, TimeSpan Elapsed);

    /// <summary>The folder the disks are in (world-writable, so nobody can write there).</summary>
    public TempDir Folder => _folder;

    /// <summary>The raw build.</summary>
    public Task<Build> RawAsync() => GetAsync("raw", "debian.img", []);

    /// <summary>The build named <paramref name="name"/> (a <see cref="Tests.Disks.FormatCase"/> name).</summary>
    public Task<Build> FormatAsync(string name) => name switch
    {
        "vmdk-stream" => GetAsync(name, "debian-stream.vmdk", ["--vmdk-variant", "streamOptimized"]),
        "vhd-fixed" => GetAsync(name, "debian-fixed.vhd", ["--vhd-variant", "fixed"]),
        "vhdx-uefi" => GetAsync(name, "debian-uefi.vhdx", ["--bootloader", "uefi"]),
        _ => GetAsync(name, "debian." + name, []),
    };

    private Task<Build> GetAsync(string key, string fileName, string[] extra) =>
        _builds.GetOrAdd(key, _ => new Lazy<Task<Build>>(() => Task.Run(async () =>
        {
            string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.OciArchive);
            string disk = _folder.File(fileName);
            var clock = Stopwatch.StartNew();
            D2lProcess.RunAsNobody(_folder, ["build", $"oci-archive:{archive}", "-o", disk, .. extra],
                new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" }).EnsureSuccess($"d2l build {fileName}");
            return new Build(disk, clock.Elapsed);
        }))).Value;

    /// <inheritdoc />
    public void Dispose() => _folder.Dispose();
}
