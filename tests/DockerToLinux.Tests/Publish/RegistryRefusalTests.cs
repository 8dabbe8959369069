using System.Text;
using DockerToLinux.Images;
using DockerToLinux.Publish;
using DockerToLinux.Tests.Images.Registry;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Publish;

/// <summary>A registry that refuses a push: the error names the destination, the blob, and the registry's own code and message.</summary>
public sealed class RegistryRefusalTests : IDisposable
{
    private readonly TempDir _temp = new();

    [Theory]
    [InlineData("403 Forbidden", "DENIED", "requested access to the resource is denied", ": access denied (403 Forbidden)")]
    [InlineData("404 Not Found", "NAME_UNKNOWN", "repository name not known to registry", " not found (404 Not Found)")]
    public async Task A_refused_upload_is_one_bad_input_line_with_the_registrys_code_and_message(string status, string code, string message, string cause)
    {
        string disk = _temp.File("disk.img");
        await File.WriteAllBytesAsync(disk, new byte[64 * 1024]);
        byte[] body = Encoding.UTF8.GetBytes($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{message}\"}}]}}");
        using var registry = new ScriptedHttpServer((target, _) => target.Contains("/blobs/uploads/", StringComparison.Ordinal)
            ? new ScriptedAnswer(status, ["Content-Type: application/json"], body)
            : new ScriptedAnswer("404 Not Found", [], []));
        string destination = $"docker://{registry.Host}/vms/refused:1";
        var request = new ContainerDiskRequest(disk, Raw: true, LayerCompression.None, ContainerDiskDestination.Parse(destination), Platform.LinuxAmd64,
            null, DateTimeOffset.FromUnixTimeSeconds(0), new ImageSourceOptions { MaxAttempts = 1 }, Force: false, _temp.File("pushed-blobs"));
        var layer = await new ContainerDiskLayer(disk, "disk.img", 0, LayerCompression.None).WriteAsync(Stream.Null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<D2lException>(() => ContainerDiskPublisher.PublishAsync(request, null, CancellationToken.None));

        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.Equal($"{destination}: blob {layer.Digest}{cause}: {code} {message}", error.Message);
    }

    public void Dispose() => _temp.Dispose();
}
