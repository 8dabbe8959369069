namespace DockerToLinux.SystemPrep;

/// <summary>What system preparation changed.</summary>
/// <param name="WrittenPaths">Files written or rewritten, in the order written.</param>
/// <param name="RemovedPaths">Docker artefacts that were present and are now gone.</param>
/// <param name="KeptPaths">Files d2l would write but left as the image has them, with the reason.</param>
internal sealed record SystemPrepResult(IReadOnlyList<string> WrittenPaths, IReadOnlyList<string> RemovedPaths,
    IReadOnlyList<string> KeptPaths)
{
    /// <summary>What the user may want to know about the machine, such as why its root will not grow.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
