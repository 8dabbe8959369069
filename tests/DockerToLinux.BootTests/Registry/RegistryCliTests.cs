using DockerToLinux.BootTests.Fixtures;
using DockerToLinux.BootTests.Support;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Registry;

/// <summary>The real d2l, as nobody, on registry failures: one line naming the image and the cause, exit 2, no output file.</summary>
public sealed class RegistryCliTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Fact]
    public async Task Unreachable_registries_missing_tags_wrong_passwords_and_unknown_transports_print_one_line_exit_2_and_write_nothing()
    {
        string archive = await DebianTemplate.GetArchiveAsync(DebianTemplate.BaseOciArchive);
        using var issuer = new TokenIssuer("tester", "right");
        using var registry = LocalRegistry.Start(issuer);
        registry.Push($"oci-archive:{archive}", "base:1", credentials: "tester:right");
        string output = _temp.File("out.img");
        (string[] Args, string Expected)[] cases =
        [
            ([$"docker://127.0.0.1:{LocalRegistry.FreePort()}/base:1"], "cannot reach registry"),
            ([$"docker://{registry.Host}/base:2", "--creds", "tester:right"], "manifest 2 not found (404"),
            ([$"docker://{registry.Host}/base:1", "--creds", "tester:wrong"], "refused the credentials of 'tester' (401 Unauthorized)"),
            (["nosuch:thing"], "unknown transport 'nosuch:'"),
        ];
        foreach (var (args, expected) in cases)
        {
            var result = D2lProcess.RunAsNobody(_temp, ["build", .. args, "-o", output]);
            // Progress lines come first on stderr; the failure is the last line, and a single one.
            string line = result.StdErr.TrimEnd().Split('\n')[^1];
            Assert.Equal(2, result.ExitCode);
            Assert.DoesNotContain("   at ", result.StdErr);
            Assert.StartsWith($"d2l: {args[0]}: ", line);
            Assert.Contains(expected, line);
            Assert.False(File.Exists(output), $"{args[0]} left {output}");
            Assert.Empty(Directory.GetFiles(_temp.Path, "*.img*"));
        }
    }

    public void Dispose() => _temp.Dispose();
}
