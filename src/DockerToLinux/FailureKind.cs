namespace DockerToLinux;

/// <summary>The kinds of failure a caller tells apart (the command line gives each its exit code).</summary>
public enum FailureKind
{
    /// <summary>The checked thing failed, for example a disk did not boot.</summary>
    CheckFailed,

    /// <summary>Bad usage or bad input.</summary>
    BadInput,

    /// <summary>A bug or an environment failure d2l did not expect.</summary>
    Internal,
}
