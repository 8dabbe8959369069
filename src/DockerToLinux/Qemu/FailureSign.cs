using System.Text.RegularExpressions;

namespace DockerToLinux.Qemu;

/// <summary>A console line that shows a boot has failed.</summary>
/// <param name="Cause">What it shows.</param>
/// <param name="Pattern">Matched against cleaned console lines.</param>
/// <param name="EndsBoot">Whether the boot can no longer succeed once it appears, so QEMU is stopped at once.</param>
/// <param name="Explanation">Says what the line means, for the one-line summary.</param>
/// <param name="MatchesPrompt">Whether it may match an unfinished line (a shell prompt waits with no line end).</param>
internal sealed record FailureSign(BootFailureCause Cause, Regex Pattern, bool EndsBoot, string Explanation,
    bool MatchesPrompt = false);
