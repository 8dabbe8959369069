using DockerToLinux.AppInit;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.AppInit;

public class OpenRcServiceTests
{
    private static AppLaunch Launch(RunAsUser user, IReadOnlyList<string> argv, params string[] env) => new(
        new RunSpec(argv, env, "/srv/my app", "", 3), user, "/usr/sbin/nginx", "web", 10, TmpfsOnRun: false, TmpfsOnTmp: false);

    [Fact]
    public void The_script_hands_supervise_daemon_references_to_variables_holding_the_quoted_values()
    {
        Assert.Equal("""
            #!/sbin/openrc-run
            # Written by d2l (--service): the image's process, run as a container runtime would run it.
            description="The image's process (d2l --service)"
            d2l_program='/usr/sbin/nginx'
            d2l_directory='/srv/my app'
            d2l_user='nginx'
            d2l_arg1='-g'
            d2l_arg2='daemon off;'
            d2l_env0='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
            d2l_env1='HOSTNAME=web'
            d2l_env2='HOME=/var/lib/nginx'
            supervisor=supervise-daemon
            command='"$d2l_program"'
            command_args='"$d2l_arg1" "$d2l_arg2"'
            directory='"$d2l_directory"'
            command_user='"$d2l_user"'
            supervise_daemon_args='--env "$d2l_env0" --env "$d2l_env1" --env "$d2l_env2"'
            output_log=/dev/console
            error_log=/dev/console
            respawn_delay=1
            retry=-3/10/KILL/5

            depend() {
            	want net
            	after net
            }

            """, OpenRcService.Script(Launch(new RunAsUser(100, 101, [101], "/var/lib/nginx", "nginx"), ["nginx", "-g", "daemon off;"])));
    }

    [Fact]
    public void A_user_without_its_account_memberships_is_given_as_uid_and_gid()
    {
        string script = OpenRcService.Script(Launch(new RunAsUser(100, 0, [0], "/var/lib/nginx", null), ["nginx"]));
        Assert.Contains("\nd2l_user='100:0'\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stop_timeout_of_0_sends_sigkill_right_after_the_stop_signal()
    {
        var launch = Launch(new RunAsUser(0, 0, [0], "/root", "root"), ["nginx"]) with { StopTimeoutSeconds = 0 };
        Assert.Contains("\nretry=-3/KILL/5\n", OpenRcService.Script(launch), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_argument_and_entry_survives_openrcs_eval_byte_for_byte()
    {
        string[] argv = ["app", "two  spaces", "it's", "$HOME", "*", "back\\slash", "new\nline", "\"", ""];
        string script = OpenRcService.Script(Launch(new RunAsUser(0, 0, [0], "/root", "root"), argv, "A=$(id) 'x'  y"));
        // OpenRC expands the settings unquoted into an eval, as its supervise-daemon.sh does.
        var result = Tool.Run("sh", "-c", script + "eval printf \"'<%s>\\n'\" $command $command_args $supervise_daemon_args $directory\n")
            .EnsureSuccess("sh");
        string expected = string.Concat(
            new[] { "/usr/sbin/nginx" }.Concat(argv.Skip(1))
                .Concat(["--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "--env", "HOSTNAME=web",
                    "--env", "A=$(id) 'x'  y", "--env", "HOME=/root", "/srv/my app"])
                .Select(word => $"<{word}>\n"));
        Assert.Equal(expected, result.StdOut);
    }
}
