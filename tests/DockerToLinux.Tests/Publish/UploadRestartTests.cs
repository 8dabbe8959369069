using System.Security.Cryptography;
using DockerToLinux.Images;
using DockerToLinux.Publish;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Publish;

/// <summary>
/// A registry that loses an upload session midway (Distribution cancels one whose chunk broke off after part of
/// its body; any registry may expire one): the blob is sent again from its start in a new session, and a
/// registry that loses every session ends the push after the retry budget with one line.
/// </summary>
public sealed class UploadRestartTests : IDisposable
{
    // Over one 16 MiB chunk, so the layer goes up as two PATCHes and a PUT.
    private const int DiskBytes = 20 << 20;

    private readonly TempDir _temp = new();

    [Theory]
    [InlineData(SessionLoss.CutMidBody)]
    [InlineData(SessionLoss.UnknownSession)]
    public async Task A_lost_session_is_restarted_from_the_first_byte_and_the_registry_gets_the_whole_layer_under_its_digest(SessionLoss loss)
    {
        using var registry = new UploadSessionRegistry(loss, lostSessions: 1);
        var (request, layer) = await PrepareAsync(registry.Host, "restarted");

        await ContainerDiskPublisher.PublishAsync(request, null, CancellationToken.None);

        var blob = registry.Blobs[layer.Digest.ToString()];
        Assert.Equal(layer.Size, blob.LongLength);
        Assert.Equal(layer.Digest.ToString(), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob)));
        // The layer's lost session and the one that completed it, then the config's.
        Assert.Equal(3, registry.SessionsOpened);
    }

    [Fact]
    public async Task A_registry_that_loses_every_session_ends_the_push_after_the_retry_budget_with_one_line()
    {
        using var registry = new UploadSessionRegistry(SessionLoss.CutMidBody, lostSessions: int.MaxValue);
        var (request, layer) = await PrepareAsync(registry.Host, "lost");

        var error = await Assert.ThrowsAsync<D2lException>(() => ContainerDiskPublisher.PublishAsync(request, null, CancellationToken.None));

        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith($"docker://{registry.Host}/vms/lost:1: blob {layer.Digest}: the upload failed {request.Registry.MaxAttempts} times (",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(request.Registry.MaxAttempts, registry.SessionsOpened);
        Assert.Empty(registry.Blobs);
    }

    private async Task<(ContainerDiskRequest Request, LayerDigests Layer)> PrepareAsync(string host, string repository)
    {
        string disk = _temp.File("disk.img");
        var data = new byte[DiskBytes];
        new Random(5).NextBytes(data);
        await File.WriteAllBytesAsync(disk, data);
        var request = new ContainerDiskRequest(disk, Raw: true, LayerCompression.None, ContainerDiskDestination.Parse($"docker://{host}/vms/{repository}:1"),
            Platform.LinuxAmd64, null, DateTimeOffset.FromUnixTimeSeconds(0), new ImageSourceOptions { RetryDelay = TimeSpan.FromMilliseconds(10) },
            Force: false, _temp.File("pushed-blobs"));
        var layer = await new ContainerDiskLayer(disk, "disk.img", 0, LayerCompression.None).WriteAsync(Stream.Null, CancellationToken.None);
        return (request, layer);
    }

    public void Dispose() => _temp.Dispose();
}
