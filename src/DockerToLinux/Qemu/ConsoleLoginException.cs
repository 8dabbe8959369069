namespace DockerToLinux.Qemu;

/// <summary>
/// Thrown by <see cref="ConsoleCommandRunner"/> when logging in on the serial console fails (the password
/// prompt or the shell never came, or the login was refused); the message says how.
/// </summary>
internal sealed class ConsoleLoginException(string message) : Exception(message);
