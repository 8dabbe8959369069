namespace DockerToLinux.Qemu;

/// <summary>What a <see cref="ConsoleCommand"/> printed and how it exited.</summary>
/// <param name="ExitCode">Its exit status, as the guest's shell reported it.</param>
/// <param name="Output">Its standard output and error, with line ends as <c>\n</c>.</param>
public sealed record CommandOutcome(int ExitCode, string Output);
