namespace DockerToLinux.Images;

/// <summary>Choices made when opening an image.</summary>
/// <param name="Platform">Which entry of a multi-platform index to take; null means linux/amd64.</param>
public sealed record ImageSourceOptions(Platform? Platform = null)
{
    /// <summary>The platform to select, linux/amd64 unless told otherwise.</summary>
    public Platform EffectivePlatform => Platform ?? Platform.LinuxAmd64;
}
