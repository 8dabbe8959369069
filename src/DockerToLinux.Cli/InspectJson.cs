using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DockerToLinux.Inspect;

namespace DockerToLinux.Cli;

/// <summary>
/// The JSON form of <c>d2l inspect --json</c>, generated at compile time: d2l ships as a native (ahead-of-time
/// compiled) program, which has no reflection-based serializer.
/// </summary>
[JsonSerializable(typeof(ImageReport))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class InspectJson : JsonSerializerContext
{
    private static readonly InspectJson Indented = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The report as indented camelCase JSON, non-ASCII text left readable.</summary>
    public static string Serialize(ImageReport report) => JsonSerializer.Serialize(report, Indented.ImageReport);
}
