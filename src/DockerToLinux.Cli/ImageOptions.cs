using System.CommandLine;
using DockerToLinux.Images;

namespace DockerToLinux.Cli;

/// <summary>The options every command that reads an image shares: platform, registry login and TLS.</summary>
internal sealed class ImageOptions
{
    /// <summary>What the source argument accepts, for help texts.</summary>
    public const string SourceHelp = "The image: docker://[HOST/]REPO[:TAG|@DIGEST], docker-daemon:NAME[:TAG], oci-archive:PATH, "
        + "docker-archive:PATH, oci:DIR[:REF], dir:DIR, rootfs:TARBALL, or a path recognised by its content";

    private readonly Option<string?> _platform = new("--platform")
    {
        Description = "The platform to pick from a multi-platform image, os/arch[/variant] (default linux/amd64)",
    };

    private readonly Option<string?> _creds = new("--creds")
    {
        Description = "Registry credentials USER:PASSWORD (default: ~/.docker/config.json auths, else anonymous)",
    };

    private readonly Option<bool> _tlsVerify = new("--tls-verify")
    {
        Description = "Check registry TLS certificates (loopback registries use plain HTTP regardless)",
        DefaultValueFactory = _ => true,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_platform);
        command.Options.Add(_creds);
        command.Options.Add(_tlsVerify);
    }

    /// <summary>The library's options from the parsed command line.</summary>
    public ImageSourceOptions Read(ParseResult parsed) =>
        new(parsed.GetValue(_platform) is { } platform ? Platform.Parse(platform) : null)
        {
            Credentials = parsed.GetValue(_creds) is { } creds ? RegistryCredentials.Parse(creds) : null,
            TlsVerify = parsed.GetValue(_tlsVerify),
        };
}
