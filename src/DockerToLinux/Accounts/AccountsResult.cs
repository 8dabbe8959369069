namespace DockerToLinux.Accounts;

/// <summary>What <see cref="AccountsPreparer"/> changed.</summary>
/// <param name="WrittenPaths">Files, directories and links written, in order.</param>
/// <param name="RemovedPaths">Files removed (the image's SSH host keys).</param>
/// <param name="Notes">What d2l left as the image has it, with the reason.</param>
public sealed record AccountsResult(IReadOnlyList<string> WrittenPaths, IReadOnlyList<string> RemovedPaths, IReadOnlyList<string> Notes);
