namespace DockerToLinux.Images;

/// <summary>The os/architecture/variant an image index entry is for.</summary>
/// <param name="Os">For example "linux".</param>
/// <param name="Architecture">For example "amd64" or "arm64".</param>
/// <param name="Variant">For example "v8"; null matches any variant.</param>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>linux/amd64, what d2l's disks boot on.</summary>
    public static Platform LinuxAmd64 { get; } = new("linux", "amd64");

    /// <summary>Parses <c>os/arch[/variant]</c>.</summary>
    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length is 2 or 3 && parts.All(part => part.Length > 0)
            ? new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : throw D2lException.BadSetting(Setting.Platform, $"'{text}' is not a platform: os/architecture[/variant], for example linux/amd64");
    }

    /// <summary>True when an index entry's platform fields are this platform.</summary>
    public bool Matches(string? os, string? architecture, string? variant) =>
        os == Os && architecture == Architecture && (Variant is null || variant == Variant);

    /// <summary>The platform as <c>os/arch[/variant]</c>.</summary>
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
