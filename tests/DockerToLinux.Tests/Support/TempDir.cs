namespace DockerToLinux.Tests.Support;

/// <summary>A world-readable temporary folder, removed with everything in it when disposed.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates the folder under the system temp path (never under /root).</summary>
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("d2l-test-").FullName;
        System.IO.File.SetUnixFileMode(Path, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold a file; the folder is in temp and will be cleaned later.
        }
    }
}
