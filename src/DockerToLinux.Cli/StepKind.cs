using Spectre.Console;

namespace DockerToLinux.Cli;

/// <summary>
/// Whether a progress step counts bytes. Steps without a byte count (reading the manifest, preparing the
/// system, installing the boot loader, writing metadata) have no fraction to show, so their columns show a
/// spinner and the time spent instead of a bar and a size.
/// </summary>
internal static class StepKind
{
    private const string Key = "d2l.counted";

    public static void MarkCounted(ProgressTask task) => task.State.Update<bool>(Key, _ => true);

    public static bool IsCounted(ProgressTask task) => task.State.Get<bool>(Key);
}
