using DockerToLinux.AppInit;
using DockerToLinux.Pipeline;
using DockerToLinux.Run;

namespace DockerToLinux.Tests.Run;

public class RunKeyTests
{
    private const string Image = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Kernel = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static readonly BuildOptions Build = new() { Source = "oci-archive:hello.tar", OutputPath = "/tmp/a.qcow2" };

    [Fact]
    public void The_same_image_from_another_source_and_output_has_the_same_key()
    {
        var elsewhere = Build with { Source = "docker://registry.example/hello:1", OutputPath = "/var/b.qcow2" };
        Assert.Equal(RunKey.Compute("1.0", Image, Kernel, Build), RunKey.Compute("1.0", Image, Kernel, elsewhere));
    }

    [Fact]
    public void Every_input_that_changes_the_disk_changes_the_key()
    {
        string[] keys =
        [
            RunKey.Compute("1.0", Image, Kernel, Build),
            RunKey.Compute("1.1", Image, Kernel, Build),
            RunKey.Compute("1.0", Kernel, Kernel, Build),
            RunKey.Compute("1.0", Image, null, Build),
            RunKey.Compute("1.0", Image, Kernel, Build with { Run = new RunOverrides(Cmd: ["a b"]) }),
            RunKey.Compute("1.0", Image, Kernel, Build with { Run = new RunOverrides(Cmd: ["a", "b"]) }),
            RunKey.Compute("1.0", Image, Kernel, Build with { Run = new RunOverrides(Env: ["A=1"]) }),
            RunKey.Compute("1.0", Image, Kernel, Build with { AppReadsConsole = true }),
            RunKey.Compute("1.0", Image, Kernel, Build with { Init = InitChoice.Image, Service = true }),
            RunKey.Compute("1.0", Image, Kernel, Build with { StopTimeoutSeconds = 3 }),
            RunKey.Compute("1.0", Image, Kernel, Build with { SourceDateEpoch = 0 }),
        ];
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void A_key_is_64_lower_case_hex_digits()
    {
        Assert.True(RunKey.IsKey(RunKey.Compute("1.0", Image, null, Build)));
    }
}
