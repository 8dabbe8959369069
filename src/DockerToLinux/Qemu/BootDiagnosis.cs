namespace DockerToLinux.Qemu;

/// <summary>Why a boot failed: a cause, one line for people, and the console lines that show it.</summary>
/// <param name="Cause">The cause.</param>
/// <param name="Summary">One line naming the cause and the evidence, e.g. the kernel's panic line.</param>
/// <param name="Evidence">The last console lines seen (and the telling line), oldest first.</param>
public sealed record BootDiagnosis(BootFailureCause Cause, string Summary, IReadOnlyList<string> Evidence);
