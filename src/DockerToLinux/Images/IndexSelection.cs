using System.Text.Json;

namespace DockerToLinux.Images;

/// <summary>
/// Picks one manifest from an image index or Docker manifest list: the entry for the wanted platform,
/// never a buildx attestation entry. Layouts and registries choose the same way.
/// </summary>
internal static class IndexSelection
{
    /// <summary>The descriptor to follow among <paramref name="descriptors"/>.</summary>
    /// <param name="descriptors">The index's <c>manifests</c> entries.</param>
    /// <param name="options">The wanted platform.</param>
    /// <param name="input">The image, for messages.</param>
    /// <param name="what">The index, for messages.</param>
    /// <exception cref="D2lException">No entry fits, or several fit and nothing tells them apart.</exception>
    public static JsonElement Select(List<JsonElement> descriptors, ImageSourceOptions options, string input, string what)
    {
        var images = descriptors.Where(descriptor => !IsAttestation(descriptor)).ToList();
        if (images.Count == 1)
        {
            return images[0];
        }
        if (images.Count == 0)
        {
            throw D2lException.BadInput(input, $"{what} lists no image");
        }
        var platform = options.EffectivePlatform;
        var matching = images.Where(descriptor => descriptor.Child("platform") is { } p
            && platform.Matches(p.String("os"), p.String("architecture"), p.String("variant"))).ToList();
        if (matching.Count > 0)
        {
            return matching[0];
        }
        var offered = images.Select(descriptor => descriptor.Child("platform") is { } p
            ? $"{p.String("os")}/{p.String("architecture")}" : null).OfType<string>().ToList();
        if (offered.Count == 0)
        {
            throw D2lException.BadInput(input, $"{what} lists {images.Count} images; name one with :REF (names: {string.Join(", ", images.SelectMany(OciLayoutReader.Names).DefaultIfEmpty("none"))})");
        }
        throw D2lException.BadInput(input, $"no {platform} image (has: {string.Join(", ", offered.Distinct())})");
    }

    // buildx stores provenance and SBOMs as index entries for the platform unknown/unknown.
    private static bool IsAttestation(JsonElement descriptor) =>
        (descriptor.Child("annotations") is { } annotations && annotations.MapString("vnd.docker.reference.type") is not null)
        || (descriptor.Child("platform") is { } platform && platform.String("os") == "unknown" && platform.String("architecture") == "unknown");
}
