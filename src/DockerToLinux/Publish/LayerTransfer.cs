namespace DockerToLinux.Publish;

/// <summary>How the disk layer reached its destination.</summary>
public enum LayerTransfer
{
    /// <summary>Its bytes were written or uploaded.</summary>
    Sent,

    /// <summary>The repository already had it: nothing was sent.</summary>
    AlreadyPresent,

    /// <summary>The registry linked it from another repository: nothing was sent.</summary>
    Mounted,
}
