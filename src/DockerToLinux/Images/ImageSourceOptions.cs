namespace DockerToLinux.Images;

/// <summary>Choices made when opening an image.</summary>
/// <param name="Platform">Which entry of a multi-platform index to take; null means linux/amd64.</param>
public sealed record ImageSourceOptions(Platform? Platform = null)
{
    /// <summary>The platform to select, linux/amd64 unless told otherwise.</summary>
    internal Platform EffectivePlatform => Platform ?? Platform.LinuxAmd64;

    /// <summary>Registry credentials given on the command line (<c>--creds</c>); they win over the Docker config file.</summary>
    public RegistryCredentials? Credentials { get; init; }

    /// <summary>
    /// Check registry TLS certificates (<c>--tls-verify</c>). Loopback registries speak plain HTTP either way,
    /// as Docker allows.
    /// </summary>
    public bool TlsVerify { get; init; } = true;

    /// <summary>The Docker client config file with <c>auths</c>; null means <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>The engine endpoint for <c>docker-daemon:</c> (<c>unix:///path</c>); null means <c>$DOCKER_HOST</c> or /var/run/docker.sock.</summary>
    public string? DockerHost { get; init; }

    /// <summary>How often a registry request is tried before a transient network failure is reported.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The wait before the first retry; each later retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
