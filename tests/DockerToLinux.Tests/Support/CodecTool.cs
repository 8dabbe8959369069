namespace DockerToLinux.Tests.Support;

/// <summary>Compresses bytes with the command-line codecs users pipe archives through (gzip, zstd, xz, bzip2).</summary>
public static class CodecTool
{
    /// <summary>The codecs d2l reads, by the name of their program.</summary>
    public static readonly string[] All = ["gzip", "zstd", "xz", "bzip2"];

    /// <summary>The bytes <paramref name="codec"/> writes for <paramref name="data"/> with its default settings.</summary>
    public static byte[] Compress(byte[] data, string codec)
    {
        using var temp = new TempDir();
        File.WriteAllBytes(temp.File("data"), data);
        CompressFile(temp.File("data"), temp.File("data.out"), codec);
        return File.ReadAllBytes(temp.File("data.out"));
    }

    /// <summary>Writes <paramref name="target"/>, the file <paramref name="source"/> compressed with <paramref name="codec"/>.</summary>
    public static void CompressFile(string source, string target, string codec) =>
        Tool.Run("bash", ["-c", $"{codec} -c < \"$0\" > \"$1\"", source, target], stdin: null).EnsureSuccess(codec);
}
