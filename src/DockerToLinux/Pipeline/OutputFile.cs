namespace DockerToLinux.Pipeline;

/// <summary>
/// An output written under a temporary name beside its target and renamed only when complete, so a failed
/// or cancelled build never leaves a partial disk that looks finished.
/// </summary>
public sealed class OutputFile : IDisposable
{
    private bool _committed;

    private OutputFile(string target, string temporary)
    {
        TargetPath = target;
        TemporaryPath = temporary;
    }

    /// <summary>Where the finished file goes.</summary>
    public string TargetPath { get; }

    /// <summary>Where it is written meanwhile.</summary>
    public string TemporaryPath { get; }

    /// <summary>Checks the target can be written and picks the temporary name; nothing is created yet.</summary>
    /// <exception cref="D2lException">The target exists (without <paramref name="force"/>) or its folder is missing or not writable.</exception>
    public static OutputFile Prepare(string target, bool force)
    {
        string full = Path.GetFullPath(target);
        string folder = Path.GetDirectoryName(full) ?? "/";
        if (!Directory.Exists(folder))
        {
            throw D2lException.BadInput(target, $"folder {folder} does not exist");
        }
        if (Directory.Exists(full))
        {
            throw D2lException.BadInput(target, "is a folder");
        }
        if (File.Exists(full) && !force)
        {
            throw D2lException.BadSetting(Setting.Force, $"{target}: already exists, and replacing it was not asked for");
        }
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.d2l-{Guid.NewGuid():N}.tmp");
        try
        {
            using (File.Create(temporary, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw D2lException.BadInput(target, $"folder {folder} is not writable ({e.Message})");
        }
        return new OutputFile(full, temporary);
    }

    /// <summary>Moves the finished temporary file to the target.</summary>
    public void Commit()
    {
        File.Move(TemporaryPath, TargetPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Best effort: the failure that brought us here is what the user needs to see.
            }
        }
    }
}
