using System.CommandLine;
using DockerToLinux.AppInit;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary>
/// The build options that decide what the VM runs: the init, and the image's process changed as with
/// <c>docker run</c> (<c>--entrypoint</c>, <c>--cmd</c> or the arguments after <c>--</c>, <c>-e</c>,
/// <c>--workdir</c>, <c>--run-as</c>, <c>--stop-timeout</c>).
/// </summary>
internal sealed class RunOptions
{
    private readonly Option<InitChoice> _init = new("--init")
    {
        Description = "auto (the image's init when it has one: systemd, sysvinit, or busybox init with an inittab; else the app init), "
            + "image (the image's /sbin/init) or app (d2l's app init runs the image's Entrypoint and Cmd, then powers off)",
        DefaultValueFactory = _ => InitChoice.Auto,
    };

    private readonly Option<string?> _entrypoint = new("--entrypoint")
    {
        Description = "Replace the image's Entrypoint with this program and drop its Cmd, as docker run does (\"\" removes the entrypoint)",
    };

    private readonly Option<string[]> _cmd = new("--cmd")
    {
        Description = "Replace the image's Cmd; each --cmd is one argument (or give the command after --)",
    };

    private readonly Option<string[]> _env = new("--env", "-e") { Description = "An environment entry NAME=value for the app (repeatable)" };

    private readonly Option<string?> _workdir = new("--workdir") { Description = "The app's working directory (absolute), replacing the image's" };

    private readonly Option<string?> _runAs = new("--run-as")
    {
        Description = "The app's USER[:GROUP] (names from the image's /etc/passwd and /etc/group, or numbers), replacing the image's",
    };

    private readonly Option<int?> _stopTimeout = new("--stop-timeout")
    {
        Description = "Seconds the app has after its stop signal before it is killed (default 10)",
    };

    private readonly Argument<string[]> _command = new("command")
    {
        Description = "The command that replaces the image's Cmd (after --)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Adds the options and the trailing command argument to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _init, _entrypoint, _cmd, _env, _workdir, _runAs, _stopTimeout })
        {
            command.Options.Add(option);
        }
        command.Arguments.Add(_command);
    }

    /// <summary>The init choice, the overrides and the stop timeout.</summary>
    /// <exception cref="D2lException">Both --cmd and a command after --.</exception>
    public (InitChoice Init, RunOverrides Run, int? StopTimeoutSeconds) Read(ParseResult parsed)
    {
        string[] cmd = parsed.GetValue(_cmd) ?? [];
        string[] trailing = parsed.GetValue(_command) ?? [];
        if (cmd.Length > 0 && trailing.Length > 0)
        {
            throw D2lException.BadSetting(Setting.Cmd, "give the command either with --cmd or after --, not both");
        }
        string? entrypoint = parsed.GetValue(_entrypoint);
        string[] env = parsed.GetValue(_env) ?? [];
        var overrides = new RunOverrides(
            Entrypoint: entrypoint is null ? null : entrypoint.Length == 0 ? [] : [entrypoint],
            Cmd: cmd.Length > 0 ? cmd : trailing.Length > 0 ? trailing : null,
            Env: env.Length > 0 ? env : null,
            WorkingDir: parsed.GetValue(_workdir),
            RunAs: parsed.GetValue(_runAs));
        return (parsed.GetValue(_init), overrides, parsed.GetValue(_stopTimeout));
    }
}
