namespace DockerToLinux.Tests.Support;

/// <summary>
/// A world-writable temporary folder, removed with everything in it when disposed (or, if the test host is killed
/// first, by the next test run: see <see cref="TestRunFolder"/>).
/// </summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates the folder inside <see cref="TestRunFolder"/>, under the system temp path (never under /root).</summary>
    public TempDir()
    {
        Path = System.IO.Path.Combine(TestRunFolder.Root, "t" + System.IO.Path.GetRandomFileName()[..8]);
        Directory.CreateDirectory(Path);
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process under test may still hold a file; the folder is in temp and will be cleaned later.
        }
    }
}
