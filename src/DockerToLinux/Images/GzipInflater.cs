using DockerToLinux.Images.Isal;

namespace DockerToLinux.Images;

/// <summary>Which inflate implementation reads gzip layers on this host, for diagnostics.</summary>
public static class GzipInflater
{
    /// <summary>
    /// "ISA-L (libisal.so.2)" when the host's ISA-L is used, else "zlib-ng (.NET)" with the reason ISA-L is
    /// not; both give the same bytes, ISA-L in about two thirds of the time.
    /// </summary>
    public static string Describe() => IsalLibrary.Shared is { } isal
        ? $"ISA-L ({isal.Name})"
        : $"zlib-ng (.NET); ISA-L not used: {IsalLibrary.WhyNot}";
}
