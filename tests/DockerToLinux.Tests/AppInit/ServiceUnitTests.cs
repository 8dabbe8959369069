using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class ServiceUnitTests
{
    private static AppLaunch Launch(RunAsUser user, params string[] env) => new(
        new RunSpec(["nginx", "-g", "daemon off;"], env, "/srv/app", "", 3),
        user, "/usr/sbin/nginx", "web", 10, TmpfsOnRun: false, TmpfsOnTmp: false);

    [Fact]
    public void The_unit_runs_the_resolved_program_with_argv0_as_configured_and_dockers_environment()
    {
        Assert.Equal("""
            # Written by d2l (--service): the image's process, run as a container runtime would run it.
            [Unit]
            Description=The image's process (d2l --service)
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=exec
            ExecStart=@"/usr/sbin/nginx" "nginx" "-g" "daemon off;"
            WorkingDirectory=/srv/app
            User=www-data
            Environment="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "HOSTNAME=web" "PRICE=5$ and 100%%" "HOME=/var/www"
            UnsetEnvironment=USER LOGNAME SHELL LANG TERM INVOCATION_ID JOURNAL_STREAM SYSTEMD_EXEC_PID MEMORY_PRESSURE_WATCH MEMORY_PRESSURE_WRITE
            KillSignal=3
            TimeoutStopSec=10
            Restart=on-failure
            RestartSec=1
            StandardOutput=journal+console
            StandardError=inherit

            [Install]
            WantedBy=multi-user.target

            """, ServiceUnit.Text(Launch(new RunAsUser(33, 33, [33], "/var/www", "www-data"), "PRICE=5$ and 100%")));
    }

    [Fact]
    public void A_variable_the_configuration_sets_itself_is_not_unset()
    {
        string unit = ServiceUnit.Text(Launch(new RunAsUser(0, 0, [0], "/root", "root"), "LANG=C.UTF-8", "USER=app"));
        Assert.Contains("\nUnsetEnvironment=LOGNAME SHELL TERM INVOCATION_ID JOURNAL_STREAM SYSTEMD_EXEC_PID MEMORY_PRESSURE_WATCH MEMORY_PRESSURE_WRITE\n", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stop_timeout_of_0_is_the_shortest_timeout_because_systemd_reads_0_as_none()
    {
        var launch = Launch(new RunAsUser(0, 0, [0], "/root", "root")) with { StopTimeoutSeconds = 0 };
        Assert.Contains("\nTimeoutStopSec=1ms\n", ServiceUnit.Text(launch), StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_group_is_named_with_the_uid()
    {
        string unit = ServiceUnit.Text(Launch(new RunAsUser(33, 50, [50], "/var/www", null)));
        Assert.Contains("\nUser=33\nGroup=50\nEnvironment=", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void The_accounts_memberships_are_listed_because_systemd_reads_them_only_for_a_primary_group_other_than_0()
    {
        string unit = ServiceUnit.Text(Launch(new RunAsUser(0, 0, [0, 4, 27], "/root", "root")));
        Assert.Contains("\nUser=root\nSupplementaryGroups=4 27\nEnvironment=", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_with_dollars_percents_quotes_and_newlines_are_quoted_for_exec_start()
    {
        var launch = new AppLaunch(new RunSpec(["sh", "-c", "echo \"$HOME\" 100%\nexit 3", ""], [], "/", "", 15),
            new RunAsUser(0, 0, [0], "/root", "root"), "/bin/sh", "d2l", 10, false, false);
        Assert.Contains("\nExecStart=@\"/bin/sh\" \"sh\" \"-c\" \"echo \\\"$$HOME\\\" 100%%\\nexit 3\" \"\"\n", ServiceUnit.Text(launch),
            StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_name_systemd_would_drop_is_refused_naming_the_service_setting()
    {
        var error = Assert.Throws<D2lException>(() =>
            ServiceUnit.Text(Launch(new RunAsUser(0, 0, [0], "/root", "root"), "my.var=1")));
        Assert.Equal(Setting.Service, error.Setting);
    }
}
