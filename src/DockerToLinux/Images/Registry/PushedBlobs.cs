namespace DockerToLinux.Images;

/// <summary>
/// Which repositories this user pushed which blobs to, kept in a small text file (<c>HOST REPOSITORY DIGEST</c>
/// per line) so that a push to another repository of the same registry can mount a blob instead of sending it
/// again; the registry checks every mount, so a stale line only costs one refused request.
/// </summary>
/// <param name="path">The file; a missing or unwritable one means nothing is remembered.</param>
internal sealed class PushedBlobs(string path)
{
    private const int MaxLines = 10_000;

    /// <summary><c>$XDG_CACHE_HOME/d2l/pushed-blobs</c>, else <c>~/.cache/d2l/pushed-blobs</c>.</summary>
    public static string DefaultPath()
    {
        string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(cache, "d2l", "pushed-blobs");
    }

    /// <summary>The other repositories of <paramref name="host"/> that <paramref name="digest"/> was pushed to, newest first.</summary>
    public IReadOnlyList<string> RepositoriesWith(string host, string exceptRepository, Digest digest)
    {
        string suffix = $" {digest}";
        return [.. ReadLines()
            .Where(line => line.EndsWith(suffix, StringComparison.Ordinal) && line.StartsWith(host + " ", StringComparison.Ordinal))
            .Select(line => line[(host.Length + 1)..^suffix.Length])
            .Where(repository => repository != exceptRepository)
            .Reverse()
            .Distinct()];
    }

    /// <summary>Notes that <paramref name="repository"/> of <paramref name="host"/> holds <paramref name="digest"/>.</summary>
    public async Task RememberAsync(string host, string repository, Digest digest, CancellationToken cancellationToken)
    {
        string line = $"{host} {repository} {digest}";
        var lines = ReadLines().Where(existing => existing != line).TakeLast(MaxLines - 1).Append(line).ToList();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temporary = $"{path}.{Environment.ProcessId}.tmp";
            await File.WriteAllLinesAsync(temporary, lines, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Only a later mount is lost: that push sends the blob instead.
        }
    }

    private IEnumerable<string> ReadLines()
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
