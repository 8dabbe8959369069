namespace DockerToLinux.Cli;

/// <summary>Password files, which hold the password on their first line.</summary>
internal static class PasswordFile
{
    /// <summary>The first line of <paramref name="path"/>.</summary>
    /// <exception cref="D2lException">The file is empty or unreadable.</exception>
    public static string ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()
                ?? throw D2lException.BadInput(path, "the password file is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw D2lException.BadInput(path, $"cannot read the password file ({e.Message})");
        }
    }
}
