using System.Text.Json;
using DockerToLinux.AppInit;
using DockerToLinux.Images;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Tests.Pipeline;

public class ImageRunSpecTests
{
    private static ImageConfig Config(string runtime) => ImageConfigParser.Parse(JsonDocument.Parse(
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"config\":{" + runtime + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").RootElement,
        "test");

    private static BuildOptions Options(RunOverrides run, int? stopTimeout = null) =>
        new() { Source = "oci:x", OutputPath = "x.img", Run = run, StopTimeoutSeconds = stopTimeout };

    [Fact]
    public void The_images_stop_signal_and_process_fields_reach_the_run_specification()
    {
        var config = Config("""
            "Entrypoint":["/entry"],"Cmd":["a"],"Env":["A=1"],"WorkingDir":"/srv","User":"7:8","StopSignal":"SIGQUIT"
            """);

        var spec = ImageRunSpec.Resolve(config, Options(new RunOverrides(Cmd: ["b"], Env: ["B=2"])));

        Assert.Equal(("/entry b", "A=1 B=2", "/srv", "7:8", 3),
            (string.Join(' ', spec.Argv), string.Join(' ', spec.Env), spec.WorkingDir, spec.User, spec.StopSignal));
    }

    [Fact]
    public void A_malformed_environment_override_is_blamed_on_the_env_setting()
    {
        var error = Assert.Throws<D2lException>(() => ImageRunSpec.Resolve(Config("""
            "Cmd":["/app"]
            """), Options(new RunOverrides(Env: ["NOEQUALS"]))));

        Assert.Equal(Setting.Env, error.Setting);
    }

    [Fact]
    public void A_negative_stop_timeout_is_blamed_on_the_stop_timeout_setting()
    {
        var error = Assert.Throws<D2lException>(() => ImageRunSpec.Resolve(Config("""
            "Cmd":["/app"]
            """), Options(RunOverrides.None, stopTimeout: -1)));

        Assert.Equal(Setting.StopTimeout, error.Setting);
    }

    [Fact]
    public void An_image_without_a_command_is_blamed_on_the_cmd_setting()
    {
        var error = Assert.Throws<D2lException>(() => ImageRunSpec.Resolve(Config("\"Env\":[]"), Options(RunOverrides.None)));

        Assert.Equal(Setting.Cmd, error.Setting);
    }
}
