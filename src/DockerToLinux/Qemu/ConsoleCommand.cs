namespace DockerToLinux.Qemu;

/// <summary>A command to run on the serial console once the guest has booted, after logging in.</summary>
/// <param name="User">The user to log in as.</param>
/// <param name="Password">The user's password.</param>
/// <param name="Command">A shell command line, run as with <c>ssh</c>: its output and exit status are returned.</param>
public sealed record ConsoleCommand(string User, string Password, string Command);
