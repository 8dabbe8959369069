namespace DockerToLinux.Kernels;

/// <summary>Where one kernel version's modules are in a kernel image.</summary>
/// <param name="Kind">A directory of the tree, or members of a tar file in it.</param>
/// <param name="SourcePath">
/// The directory (<c>/usr/lib/modules/6.1.0-50-amd64</c>, symlinks resolved) or the tar file (<c>/kernel.tar</c>).
/// </param>
/// <param name="MemberPrefix">For a tar, the member names' prefix that is this version's folder
/// (<c>lib/modules/6.1.0-50-amd64/</c>, without a leading <c>./</c>); empty for a directory.</param>
public sealed record ModuleTree(ModuleTreeKind Kind, string SourcePath, string MemberPrefix);
