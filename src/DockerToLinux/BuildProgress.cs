namespace DockerToLinux;

/// <summary>A step of a build or an inspection, reported as it happens.</summary>
/// <param name="Stage">The pipeline stage.</param>
/// <param name="Message">One line for a person.</param>
/// <param name="Done">Bytes done in this step, when it has a size.</param>
/// <param name="Total">Bytes in this step, when known.</param>
public sealed record BuildProgress(BuildStage Stage, string Message, long Done = 0, long? Total = null);

/// <summary>The stages of the pipeline, in the order they run.</summary>
public enum BuildStage
{
    /// <summary>Reading the manifest and config.</summary>
    Read,

    /// <summary>Applying layers into the filesystem.</summary>
    Flatten,

    /// <summary>Writing system files (fstab, hostname…).</summary>
    Prepare,

    /// <summary>Installing the boot loader.</summary>
    Boot,

    /// <summary>Writing filesystem metadata.</summary>
    Filesystem,

    /// <summary>Writing the partition table and the disk file.</summary>
    Disk,
}
