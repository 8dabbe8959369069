using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Run;

/// <summary>
/// The name of a cached disk: a SHA-256 over everything that decides its bytes apart from chance (d2l's version,
/// the image's and the kernel image's manifest digests, and the options that change what the build writes).
/// The source's name is not part of it, so the same image read from an archive or a registry hits one entry.
/// </summary>
internal static class RunKey
{
    private const int HexLength = 64;

    /// <summary>d2l's version as built, with the commit when the build recorded one.</summary>
    public static string Version { get; } =
        typeof(RunKey).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The key of a disk built by <paramref name="build"/> from the given images.</summary>
    /// <param name="version">d2l's version (<see cref="Version"/>).</param>
    /// <param name="imageDigest">The image's manifest digest.</param>
    /// <param name="kernelImageDigest">The kernel image's manifest digest, or null when none is given.</param>
    /// <param name="build">The build's options; the output path, the source's name and how it is fetched do not count.</param>
    public static string Compute(string version, string imageDigest, string? kernelImageDigest, BuildOptions build)
    {
        ArgumentNullException.ThrowIfNull(build);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            // JSON keeps every value apart from the next whatever it contains, so no two option sets share a text.
            json.WriteStartObject();
            json.WriteString("version", version);
            json.WriteString("image", imageDigest);
            json.WriteString("kernelImage", kernelImageDigest);
            json.WriteString("kernelVersion", build.KernelVersion);
            json.WriteString("init", build.Init.ToString());
            json.WriteBoolean("service", build.Service);
            json.WriteBoolean("readsConsole", build.AppReadsConsole);
            WriteList(json, "entrypoint", build.Run.Entrypoint);
            WriteList(json, "cmd", build.Run.Cmd);
            WriteList(json, "env", build.Run.Env);
            json.WriteString("workdir", build.Run.WorkingDir);
            json.WriteString("runAs", build.Run.RunAs);
            WriteNumber(json, "stopTimeout", build.StopTimeoutSeconds);
            WriteNumber(json, "sourceDateEpoch", build.SourceDateEpoch);
            json.WriteString("hostname", build.Hostname);
            json.WriteString("append", build.KernelArguments);
            json.WriteString("format", build.Format?.ToString());
            json.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>Whether <paramref name="name"/> has the shape of a key (64 lower-case hex digits).</summary>
    public static bool IsKey(string name) =>
        name.Length == HexLength && name.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
