using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class RunSpecResolverTests
{
    private static readonly AppConfig Nginx = new(["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"],
        ["PATH=/usr/sbin:/usr/bin", "NGINX_VERSION=1.25"], "/srv", "101", "SIGQUIT");

    [Fact]
    public void The_process_is_the_entrypoint_followed_by_cmd_with_the_images_settings()
    {
        var spec = RunSpecResolver.Resolve(Nginx, RunOverrides.None);
        Assert.Equal(new[] { "/docker-entrypoint.sh", "nginx", "-g", "daemon off;" }, spec.Argv);
        Assert.Equal(("/srv", "101", 3), (spec.WorkingDir, spec.User, spec.StopSignal));
    }

    [Fact]
    public void An_entrypoint_override_drops_the_images_cmd_as_docker_run_does()
    {
        var spec = RunSpecResolver.Resolve(Nginx, new RunOverrides(Entrypoint: ["/bin/sh"]));
        Assert.Equal(new[] { "/bin/sh" }, spec.Argv);
    }

    [Fact]
    public void An_empty_entrypoint_override_leaves_only_the_given_cmd()
    {
        var spec = RunSpecResolver.Resolve(Nginx, new RunOverrides(Entrypoint: [], Cmd: ["id", "-u"]));
        Assert.Equal(new[] { "id", "-u" }, spec.Argv);
    }

    [Fact]
    public void A_cmd_override_keeps_the_images_entrypoint()
    {
        var spec = RunSpecResolver.Resolve(Nginx, new RunOverrides(Cmd: ["nginx", "-t"]));
        Assert.Equal(new[] { "/docker-entrypoint.sh", "nginx", "-t" }, spec.Argv);
    }

    [Fact]
    public void Environment_overrides_replace_an_entry_in_place_and_add_new_names_at_the_end()
    {
        var spec = RunSpecResolver.Resolve(Nginx, new RunOverrides(Env: ["NEW=1", "PATH=/opt/bin"]));
        Assert.Equal(new[] { "PATH=/opt/bin", "NGINX_VERSION=1.25", "NEW=1" }, spec.Env);
    }

    [Fact]
    public void Working_directory_and_user_overrides_win_over_the_image()
    {
        var spec = RunSpecResolver.Resolve(Nginx, new RunOverrides(WorkingDir: "/tmp", RunAs: "nobody:nogroup"));
        Assert.Equal(("/tmp", "nobody:nogroup"), (spec.WorkingDir, spec.User));
    }

    [Fact]
    public void An_image_without_a_command_is_refused_when_none_is_given()
    {
        var bare = new AppConfig(null, null, [], null, null, null);
        var error = Assert.Throws<D2lException>(() => RunSpecResolver.Resolve(bare, RunOverrides.None));
        Assert.Contains("no Entrypoint and no Cmd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_working_directory_is_refused()
    {
        Assert.Throws<D2lException>(() => RunSpecResolver.Resolve(Nginx, new RunOverrides(WorkingDir: "srv")));
    }

    [Fact]
    public void An_environment_override_without_a_value_is_refused()
    {
        Assert.Throws<D2lException>(() => RunSpecResolver.Resolve(Nginx, new RunOverrides(Env: ["FOO"])));
    }
}
