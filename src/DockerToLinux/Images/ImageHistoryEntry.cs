namespace DockerToLinux.Images;

/// <summary>One step of the image's build history, from the config's <c>history</c> array.</summary>
/// <param name="CreatedBy">The command that made the step (<c>created_by</c>), if recorded.</param>
/// <param name="Created">When the step ran, if recorded.</param>
/// <param name="Comment">A free-form comment, if any.</param>
/// <param name="EmptyLayer">True when the step made no layer (ENV, CMD, …).</param>
public sealed record ImageHistoryEntry(string? CreatedBy, DateTimeOffset? Created, string? Comment, bool EmptyLayer);
