using System.Text;
using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// Reads registry credentials from a Docker client config (<c>~/.docker/config.json</c>, the <c>auths</c>
/// map), as <c>docker login</c> writes it. Credential helpers are not run: d2l starts no programs.
/// </summary>
internal static class DockerConfigFile
{
    /// <summary>The config path Docker itself would use.</summary>
    public static string DefaultPath()
    {
        string? folder = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }
        return Path.Combine(folder, "config.json");
    }

    /// <summary>The credentials stored for <paramref name="registryHost"/>, or null when there are none.</summary>
    /// <param name="path">The config file; a missing file means no credentials.</param>
    /// <param name="registryHost">The registry's host[:port] as d2l contacts it.</param>
    /// <exception cref="D2lException">The file exists but is not valid JSON.</exception>
    public static RegistryCredentials? Find(string path, string registryHost)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            root = document.RootElement.Clone();
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(path, $"cannot read the Docker config ({error.Message})", error);
        }
        if (root.Child("auths") is not { ValueKind: JsonValueKind.Object } auths)
        {
            return null;
        }
        foreach (var entry in auths.EnumerateObject())
        {
            if (!SameRegistry(entry.Name, registryHost))
            {
                continue;
            }
            if (entry.Value.String("auth") is { Length: > 0 } encoded)
            {
                try
                {
                    return RegistryCredentials.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
                }
                catch (Exception error) when (error is FormatException or D2lException)
                {
                    throw D2lException.BadInput(path, $"the auth entry for '{entry.Name}' is not base64 of USER:PASSWORD", error);
                }
            }
            if (entry.Value.String("username") is { Length: > 0 } user && entry.Value.String("password") is { } password)
            {
                return new RegistryCredentials(user, password);
            }
        }
        return null;
    }

    // Keys are written as "host:port", "https://host/v1/" or, for Docker Hub, "https://index.docker.io/v1/".
    private static bool SameRegistry(string key, string registryHost)
    {
        string host = key;
        int scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }
        int slash = host.IndexOf('/');
        if (slash >= 0)
        {
            host = host[..slash];
        }
        return string.Equals(Canonical(host), Canonical(registryHost), StringComparison.OrdinalIgnoreCase);
    }

    private static string Canonical(string host) =>
        host is "index.docker.io" or "docker.io" or "registry-1.docker.io" ? RegistryReference.DockerHubHost : host;
}
